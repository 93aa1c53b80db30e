/**
 * The verifier log buffer (struct bpf_verifier_log and the user buffer behind it), per kernel era.
 * The verifier drives it exactly as the kernel drives its log: `write` for every verbose() call,
 * `reset(pos)` to move the end back (a popped path at level 1, the newline an instruction's state
 * line replaces, a successful level-1 run), `endPos` to remember positions; `finish` returns what
 * the syscall returns: the NUL-terminated string in the user buffer, log_true_size, and whether the
 * load fails with ENOSPC.
 *
 * Two eras (profile feature `log_rotate`):
 *  - truncating (< 6.4, kernel/bpf/verifier.c or log.c bpf_verifier_vlog, bpf_vlog_reset): the
 *    buffer holds at most size-1 characters and a NUL. Once full (len_used >= size-1) the log is
 *    no longer "needed": further writes AND resets are ignored, so the log keeps the prefix it had
 *    when it filled. bpf_check then returns ENOSPC, whatever the verdict. No log_true_size.
 *  - rotating (>= 6.4, kernel/bpf/log.c): writes always happen; the buffer keeps the newest
 *    size-1 characters; len_max (the furthest end + NUL ever reached, resets notwithstanding) is
 *    log_true_size; ENOSPC when len_max > size. Level bit 8 (BPF_LOG_FIXED) keeps the truncating
 *    layout but with the same len_max/ENOSPC rule, and writes resume below the end after a reset.
 * Each verbose() call is formatted into a 1024-byte kernel buffer first (vscnprintf), so one call
 * contributes at most 1023 characters.
 *
 * Pure: no I/O. The text is ASCII (the verifier prints nothing else), one char = one byte.
 */

import { ChunkedText } from "./chunked-text.js";

export const BPF_LOG_LEVEL1 = 1;
export const BPF_LOG_LEVEL2 = 2;
export const BPF_LOG_STATS = 4;
export const BPF_LOG_FIXED = 8;
/** BPF_VERIFIER_TMP_LOG_SIZE: one verbose() call is cut to this minus the NUL */
export const VERIFIER_TMP_LOG_SIZE = 1024;
const UINT_MAX = 0xffff_ffff;

export type LogEra = "truncating" | "rotating";

export interface LogBufferOptions {
  /** log_level as passed to bpf() */
  level: number;
  /** log_size in bytes (0: no buffer) */
  size: number;
  /** the profile's `log_rotate` feature */
  era: LogEra;
}

export interface LogOutcome {
  /** the string in the user buffer up to its NUL, as the kernel leaves it */
  log: string;
  /** log_true_size as the kernel reports it; null before 6.4 (the field does not exist) */
  trueSize: number | null;
  /** true when the load fails with ENOSPC because of the log */
  enospc: boolean;
}

/** The verifier's view of the log: what every era implements. */
export interface VerifierLogBuffer {
  readonly level: number;
  /** the kernel's len_used (truncating) or end_pos (rotating): what push_stack records */
  readonly endPos: number;
  /** bpf_verifier_log_needed(): whether verbose() would write at all */
  readonly needed: boolean;
  write(text: string): void;
  reset(pos: number): void;
  finish(): LogOutcome;
}

export function createLogBuffer(options: LogBufferOptions): VerifierLogBuffer {
  if (options.era === "truncating") return new TruncatingLog(options.level, options.size);
  if (options.level & BPF_LOG_FIXED) return new FixedLog(options.level, options.size);
  return new RotatingLog(options.level, options.size);
}

/** The era of a profile's features (`log_rotate` on: rotating). */
export function logEraOf(features: ReadonlySet<string>): LogEra {
  return features.has("log_rotate") ? "rotating" : "truncating";
}

function clip(text: string): string {
  return text.length >= VERIFIER_TMP_LOG_SIZE ? text.slice(0, VERIFIER_TMP_LOG_SIZE - 1) : text;
}

/** < 6.4: len_used, truncation at size-1, frozen once full. */
class TruncatingLog implements VerifierLogBuffer {
  private text = new ChunkedText();
  /** the longest the log got, NUL included, while no write was cut (what 6.4+ calls log_true_size) */
  private lenMax = 0;
  private cut = false;

  constructor(
    readonly level: number,
    private readonly size: number,
  ) {}

  get endPos(): number {
    return this.text.length;
  }

  private get full(): boolean {
    return this.text.length >= this.size - 1;
  }

  get needed(): boolean {
    return this.level !== 0 && this.size > 0 && !this.full;
  }

  write(text: string): void {
    if (!this.needed) return;
    const room = this.size - this.text.length - 1;
    const piece = clip(text);
    this.lenMax = Math.max(this.lenMax, this.text.length + piece.length + 1);
    if (piece.length > room) this.cut = true;
    this.text.append(piece.length > room ? piece.slice(0, room) : piece);
  }

  reset(pos: number): void {
    if (!this.needed) return;
    if (pos < this.text.length) this.text.truncate(pos);
  }

  finish(): LogOutcome {
    // once a write was cut the kernel stops logging, so the size it would have needed is unknown here
    const trueSize = this.level === 0 ? 0 : this.cut ? null : this.lenMax;
    return { log: this.text.toString(), trueSize, enospc: this.level !== 0 && this.size > 0 && this.full };
  }
}

/** >= 6.4 without BPF_LOG_FIXED: a ring of `size` bytes; the window [startPos, endPos] ends with the NUL. */
class RotatingLog implements VerifierLogBuffer {
  /** the characters at logical positions [startPos, endPos) */
  private window = new ChunkedText();
  private startPos = 0;
  private end = 0;
  private lenMax = 0;

  constructor(
    readonly level: number,
    private readonly size: number,
  ) {}

  get endPos(): number {
    return this.end;
  }

  get needed(): boolean {
    return this.level !== 0;
  }

  write(text: string): void {
    if (!this.needed) return;
    const piece = clip(text);
    const n = piece.length + 1;
    this.lenMax = Math.min(UINT_MAX, Math.max(this.lenMax, this.end + n));
    const newEnd = this.end + n;
    if (this.size > 0 && newEnd - this.startPos >= this.size) this.startPos = newEnd - this.size;
    this.end = newEnd - 1;
    if (this.size === 0) return;
    this.window.append(piece);
    const keep = this.end - this.startPos;
    if (this.window.length > keep) this.window.keepLast(keep);
  }

  reset(pos: number): void {
    if (!this.needed || pos > this.end) return;
    this.end = pos;
    if (this.end < this.startPos) this.startPos = this.end;
    this.window.truncate(this.end - this.startPos);
  }

  finish(): LogOutcome {
    if (this.level === 0) return { log: "", trueSize: 0, enospc: false };
    return {
      log: this.window.toString(),
      trueSize: this.lenMax,
      enospc: this.size > 0 && this.lenMax > this.size,
    };
  }
}

/**
 * >= 6.4 with BPF_LOG_FIXED: bytes land at their logical position while it is inside the buffer;
 * end_pos keeps counting past it. A reset puts its NUL one byte after the new end (the kernel
 * writes at end_pos + 1 in this mode), so the byte at the new end survives until the next write.
 */
class FixedLog implements VerifierLogBuffer {
  /** the user buffer's bytes written so far (positions [0, bytes.length)), "\0" included */
  private bytes: string[] = [];
  private end = 0;
  private lenMax = 0;

  constructor(
    readonly level: number,
    private readonly size: number,
  ) {}

  get endPos(): number {
    return this.end;
  }

  get needed(): boolean {
    return this.level !== 0;
  }

  private put(pos: number, ch: string): void {
    while (this.bytes.length < pos) this.bytes.push("\u00aa"); // untouched bytes; never read before a NUL
    this.bytes[pos] = ch;
  }

  write(text: string): void {
    if (!this.needed) return;
    const piece = clip(text);
    const n = piece.length + 1;
    this.lenMax = Math.min(UINT_MAX, Math.max(this.lenMax, this.end + n));
    if (this.end < this.size) {
      const copy = Math.min(this.size - this.end, n);
      for (let i = 0; i < copy - 1; i++) this.put(this.end + i, piece[i]!);
      this.put(this.end + copy - 1, "\0");
    }
    this.end += n - 1;
  }

  reset(pos: number): void {
    if (!this.needed || pos > this.end) return;
    this.end = pos;
    if (pos + 1 < this.size) this.put(pos + 1, "\0");
  }

  finish(): LogOutcome {
    const all = this.bytes.join("");
    const nul = all.indexOf("\0");
    return {
      log: nul < 0 ? all : all.slice(0, nul),
      trueSize: this.lenMax,
      enospc: this.size > 0 && this.lenMax > this.size,
    };
  }
}

/**
 * Whether the kernel accepts the log attributes (log_level, log_buf, log_size), as each era checks
 * them before verifying; `false` means the load fails with EINVAL and an empty log. `hasBuffer`
 * is whether a buffer pointer is passed (the lab passes one exactly when size > 0).
 */
export function logAttrsValid(era: LogEra, level: number, size: number, hasBuffer = size > 0): boolean {
  if (era === "truncating") {
    if (level === 0 && !hasBuffer && size === 0) return true;
    return size >= 128 && size <= UINT_MAX >>> 2 && level !== 0 && hasBuffer && (level & ~7) === 0;
  }
  if (hasBuffer !== size > 0) return false;
  if (hasBuffer && level === 0) return false;
  if (level & ~15) return false;
  return size <= UINT_MAX >>> 2;
}
