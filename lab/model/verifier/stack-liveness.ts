/**
 * Stack slot liveness of 6.18 (kernel/bpf/liveness.c, one call chain: the main program): every
 * instruction accumulates the slots it may read and the slots it must write (an aligned 8-byte
 * store); at each path's exit, when the marks changed, a fixed point over the cfg's postorder
 * computes the slots live before each instruction (and the slots surely written from there on),
 * logging every change at level 2 (`(0) frame 0 insn 7 +live -16 `, `(0) live stack update done
 * in 2 iterations`). Checkpoints forget slots not live at their instruction (clean_func_state),
 * which replaces the read marks of older kernels.
 */
import { insnSuccessors, postorder } from "./cfg.js";
import type { VerifierEnv } from "./env.js";

const ALL = (1n << 64n) - 1n;

export class StackLiveness {
  readonly mayRead: bigint[];
  readonly mustWrite: bigint[];
  readonly mustWriteAcc: bigint[];
  readonly liveBefore: bigint[];
  readonly mustWriteSet: Uint8Array;
  /** frame 0's masks exist (allocated on the first mark) */
  allocated = false;
  updated = false;
  mustWriteDropped = false;
  writeAcc = 0n;
  writeInsnIdx = 0;
  private order: number[] | null = null;

  constructor(readonly count: number) {
    this.mayRead = new Array<bigint>(count).fill(0n);
    this.mustWrite = new Array<bigint>(count).fill(0n);
    this.mustWriteAcc = new Array<bigint>(count).fill(0n);
    this.liveBefore = new Array<bigint>(count).fill(0n);
    this.mustWriteSet = new Uint8Array(count);
  }

  /** bpf_reset_stack_write_marks */
  resetWrites(insnIdx: number): void {
    this.writeInsnIdx = insnIdx;
    this.writeAcc = 0n;
  }

  /** bpf_mark_stack_write */
  markWrite(spi: number): void {
    this.writeAcc |= 1n << BigInt(spi);
  }

  /** bpf_mark_stack_read */
  markRead(insnIdx: number, spi: number): void {
    this.allocated = true;
    const old = this.mayRead[insnIdx]!;
    const next = old | (1n << BigInt(spi));
    if (next !== old && (next | this.liveBefore[insnIdx]!) !== this.liveBefore[insnIdx]!) this.updated = true;
    this.mayRead[insnIdx] = next;
  }

  /** bpf_commit_stack_write_marks */
  commitWrites(): void {
    const idx = this.writeInsnIdx;
    let mask = this.writeAcc;
    if (mask !== 0n || this.mustWriteSet[idx]) {
      this.allocated = true;
      const old = this.mustWrite[idx]!;
      if (this.mustWriteSet[idx]) mask &= old;
      if (old !== mask) {
        this.mustWrite[idx] = mask;
        this.updated = true;
      }
      if (old & ~mask) this.mustWriteDropped = true;
    }
    this.mustWriteSet[idx] = 1;
    this.writeInsnIdx = 0;
  }

  /** bpf_stack_slot_alive for frame 0 at insnIdx */
  alive(insnIdx: number, spi: number): boolean {
    return this.allocated && ((this.liveBefore[insnIdx]! >> BigInt(spi)) & 1n) === 1n;
  }

  /** bpf_update_live_stack */
  update(env: VerifierEnv): void {
    if (!this.updated) return;
    if (this.mustWriteDropped && this.allocated) this.mustWriteAcc.fill(0n);
    this.order ??= postorder(env.insns);
    let cnt = 0;
    let changed: boolean;
    do {
      cnt++;
      changed = false;
      if (this.allocated) for (const i of this.order) changed = this.updateInsn(env, i) || changed;
    } while (changed);
    if (env.level2) env.verbose(`(0) live stack update done in ${cnt} iterations\n`);
    this.updated = false;
    this.mustWriteDropped = false;
  }

  private updateInsn(env: VerifierEnv, i: number): boolean {
    const succ = insnSuccessors(env.insns, i);
    if (succ.length === 0) return false;
    let after = 0n;
    let acc = ALL;
    for (const s of succ) {
      after |= this.liveBefore[s]!;
      acc &= this.mustWriteAcc[s]!;
    }
    acc |= this.mustWrite[i]!;
    const before = (after & ~this.mustWrite[i]!) | this.mayRead[i]!;
    const changed = before !== this.liveBefore[i] || acc !== this.mustWriteAcc[i];
    if (env.level2 && (this.mayRead[i] || this.mustWrite[i] || i === 0 || env.aux.prunePoint[i])) {
      logChange(env, "live", i, this.liveBefore[i]!, before);
      logChange(env, "written", i, this.mustWriteAcc[i]!, acc);
    }
    this.liveBefore[i] = before;
    this.mustWriteAcc[i] = acc;
    return changed;
  }
}

/** fmt_stack_mask: `-8,-16` */
function fmtMask(mask: bigint): string {
  const out: string[] = [];
  for (let i = 0; i < 64; i++) if ((mask >> BigInt(i)) & 1n) out.push(`${-(i + 1) * 8}`);
  return out.join(",");
}

/** log_mask_change */
function logChange(env: VerifierEnv, what: string, insn: number, old: bigint, next: bigint): void {
  const changed = old ^ next;
  if (!changed) return;
  let line = `(0) frame 0 insn ${insn} `;
  const ones = next & changed;
  const zeros = ~next & changed & ALL;
  if (ones) line += `+${what} ${fmtMask(ones)} `;
  if (zeros) line += `-${what} ${fmtMask(zeros)}`;
  env.verbose(`${line}\n`);
}
