/**
 * The verifier's log stream (struct bpf_verifier_log as the verifier drives it): text is appended,
 * and the verifier may move the end back (bpf_vlog_reset) when a level-1 path is popped or a state
 * line replaces an instruction's newline. The full text and the largest length it ever reached
 * (len_max, which becomes log_true_size on kernels >= 6.4) are kept; what a user buffer of a given
 * size receives is computed from them by the log buffer of the kernel's era.
 */
export const BPF_LOG_LEVEL1 = 1;
export const BPF_LOG_LEVEL2 = 2;
export const BPF_LOG_STATS = 4;
export const BPF_LOG_FIXED = 8;

export class VerifierLog {
  /** the text written and not reset away */
  text = "";
  /** len_max: the largest end position + 1 (terminating NUL) ever reached */
  lenMax = 0;
  /** start_pos of a rotating buffer of lenTotal bytes: what has rotated out */
  startPos = 0;

  constructor(
    readonly level: number,
    readonly lenTotal: number,
  ) {}

  get endPos(): number {
    return this.text.length;
  }

  get needed(): boolean {
    return this.level !== 0;
  }

  write(s: string): void {
    if (this.level === 0) return;
    const n = s.length + 1;
    const len = this.text.length + n;
    if (len > this.lenMax) this.lenMax = len;
    this.text += s;
    if (this.lenTotal > 0 && len - this.startPos >= this.lenTotal) this.startPos = len - this.lenTotal;
  }

  reset(pos: number): void {
    if (this.level === 0 || pos > this.text.length) return;
    this.text = this.text.slice(0, pos);
    if (this.text.length < this.startPos) this.startPos = this.text.length;
  }
}
