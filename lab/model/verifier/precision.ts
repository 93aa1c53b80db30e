/**
 * Precision tracking (6.18 __mark_chain_precision / backtrack_insn): walking back from the
 * current instruction through the state's jump history and then through parent checkpoints,
 * marking the scalars a decision depended on as precise in the parents (never in the current
 * state), with the `mark_precise:` lines at log level 2.
 */
import type { Insn } from "../../isa/insn.js";
import * as op from "../../isa/opcodes.js";
import { type VerifierEnv, VerifierReject } from "./env.js";
import { btSyncLinkedRegs } from "./linked-regs.js";
import { REG_LIVE_READ } from "./liveness.js";
import { markChainPrecisionLegacy } from "./precision-legacy.js";
import { printVerifierState } from "./print.js";
import { RegType } from "./reg-state.js";
import { INSN_F_STACK_ACCESS, stackAccessSpi } from "./stack-mem.js";
import { isSpilledReg } from "./stack-state.js";
import type { JmpHistoryEntry, VerifierState } from "./state.js";

/** The backtracking state of one frame: registers (bit per register) that need precision. */
export interface Backtrack {
  regs: number;
  /** stack slots (bit per spi) */
  stack?: bigint;
}

const fmtRegMask = (mask: number): string => {
  const out: string[] = [];
  for (let i = 0; i < 32; i++) if (mask & (1 << i)) out.push(`r${i}`);
  return out.join(",");
};

/** fmt_stack_mask: `-8,-24` */
const fmtStackMask = (mask: bigint | undefined): string => {
  const out: string[] = [];
  for (let i = 0; mask && i < 64; i++) if ((mask >> BigInt(i)) & 1n) out.push(`${-(i + 1) * 8}`);
  return out.join(",");
};

const btEmpty = (bt: Backtrack): boolean => bt.regs === 0 && !bt.stack;

class NotSupported extends Error {}

function backtrackInsn(env: VerifierEnv, idx: number, bt: Backtrack, hist: JmpHistoryEntry | null): void {
  const x = env.insns[idx]!;
  if (x.code === 0) return;
  if (env.level2) {
    env.verbose(
      `mark_precise: frame0: regs=${fmtRegMask(bt.regs)} stack=${fmtStackMask(bt.stack)} before ${idx}: ${env.formatInsn(idx)}\n`,
    );
  }
  // registers that gained their range together at this jump need precision together
  btSyncLinkedRegs(bt, hist);
  if (backtrackInsnRegs(env, x, bt, hist)) btSyncLinkedRegs(bt, hist);
}

/** The register rules of backtrack_insn; false where the kernel returns early. */
function backtrackInsnRegs(env: VerifierEnv, x: Insn, bt: Backtrack, hist: JmpHistoryEntry | null): boolean {
  const cls = x.code & 7;
  const opc = op.insnOp(x.code);
  const d = 1 << x.dst;
  const s = 1 << x.src;
  if (cls === op.BPF_ALU || cls === op.BPF_ALU64) {
    if (!(bt.regs & d)) return false;
    if (opc === op.BPF_END || opc === op.BPF_NEG) return false;
    if (opc === op.BPF_MOV) {
      bt.regs &= ~d;
      if (op.insnSrc(x.code) === op.BPF_X && x.src !== 10) bt.regs |= s;
    } else if (op.insnSrc(x.code) === op.BPF_X && x.src !== 10) {
      bt.regs |= s;
    }
  } else if (cls === op.BPF_LDX) {
    if (!(bt.regs & d)) return false;
    bt.regs &= ~d;
    if (!hist || !(hist.flags & INSN_F_STACK_ACCESS)) return false;
    bt.stack = (bt.stack ?? 0n) | (1n << BigInt(stackAccessSpi(hist.flags)));
  } else if (cls === op.BPF_STX || cls === op.BPF_ST) {
    if (bt.regs & d) throw new NotSupported();
    if (!hist || !(hist.flags & INSN_F_STACK_ACCESS)) return false;
    const bit = 1n << BigInt(stackAccessSpi(hist.flags));
    if (!((bt.stack ?? 0n) & bit)) return false;
    bt.stack = (bt.stack ?? 0n) & ~bit;
    if (cls === op.BPF_STX) bt.regs |= s;
  } else if (cls === op.BPF_JMP || cls === op.BPF_JMP32) {
    if (opc === op.BPF_CALL) {
      bt.regs &= ~1;
      if (bt.regs & 0x3e) {
        env.verbose(`verifier bug: backtracking call unexpected regs ${bt.regs.toString(16)}\n`);
        throw new VerifierReject("EFAULT");
      }
    } else if (opc === op.BPF_EXIT) {
      bt.regs &= ~1;
    } else if (op.insnSrc(x.code) === op.BPF_X) {
      if (!(bt.regs & d) && !(bt.regs & s)) return false;
      bt.regs |= s | d;
    }
  } else if (cls === op.BPF_LD) {
    if (!(bt.regs & d)) return false;
    bt.regs &= ~d;
    if (op.insnMode(x.code) === op.BPF_IND || op.insnMode(x.code) === op.BPF_ABS) throw new NotSupported();
  }
  return true;
}

function histEntry(st: VerifierState, end: number, idx: number): JmpHistoryEntry | null {
  const e = end > 0 ? st.jmpHistory[end - 1]! : null;
  return e && e.idx === idx ? e : null;
}

/** get_prev_insn_idx: -1 when the state's instructions are exhausted. */
function prevInsnIdx(st: VerifierState, i: number, history: { cnt: number }): number {
  const cnt = history.cnt;
  if (i === st.firstInsnIdx) {
    if (cnt === 0) return -1;
    if (cnt === 1 && st.jmpHistory[0]!.idx === i) return -1;
  }
  if (cnt && st.jmpHistory[cnt - 1]!.idx === i) {
    history.cnt--;
    return st.jmpHistory[cnt - 1]!.prevIdx;
  }
  return i - 1;
}

function markAllScalarsPrecise(env: VerifierEnv, start: VerifierState): void {
  if (env.level2) env.verbose("mark_precise: frame0: falling back to forcing all scalars precise\n");
  for (let st = start.parent; st; st = st.parent) {
    for (let j = 0; j < 10; j++) {
      const reg = st.regs[j]!;
      if (reg.type !== RegType.SCALAR_VALUE || reg.precise) continue;
      reg.precise = true;
      if (env.level2) env.verbose(`force_precise: frame0: forcing r${j} to be precise\n`);
    }
    for (let j = 0; j < st.stack.length; j++) {
      if (!isSpilledReg(st.stack[j]!)) continue;
      const reg = st.stack[j]!.spilled;
      if (reg.type !== RegType.SCALAR_VALUE || reg.precise) continue;
      reg.precise = true;
      if (env.level2) env.verbose(`force_precise: frame0: forcing fp${-(j + 1) * 8} to be precise\n`);
    }
  }
}

export function markAllScalarsImprecise(st: VerifierState): void {
  for (let j = 0; j < 10; j++) {
    const reg = st.regs[j]!;
    if (reg.type === RegType.SCALAR_VALUE) reg.precise = false;
  }
  for (const slot of st.stack) {
    if (isSpilledReg(slot) && slot.spilled.type === RegType.SCALAR_VALUE) slot.spilled.precise = false;
  }
}

/** __mark_chain_precision with bt.regs preset (regno >= 0 adds one register). */
export function markChainPrecisionFrom(env: VerifierEnv, start: VerifierState, bt: Backtrack): void {
  if (!env.bpfCapable || btEmpty(bt)) return;
  let st: VerifierState | null = start;
  let firstIdx = st.firstInsnIdx;
  let lastIdx = st.insnIdx;
  let subseq = -1;
  let skipFirst = true;
  for (;;) {
    const history = { cnt: st.jmpLen };
    if (env.level2) {
      env.verbose(`mark_precise: frame0: last_idx ${lastIdx} first_idx ${firstIdx} subseq_idx ${subseq} \n`);
    }
    if (lastIdx < 0) {
      env.verbose("verifier bug: backtracking func entry subprog 0\n");
      throw new VerifierReject("EFAULT");
    }
    for (let i = lastIdx; ; ) {
      if (skipFirst) skipFirst = false;
      else {
        try {
          backtrackInsn(env, i, bt, histEntry(st, history.cnt, i));
        } catch (e) {
          if (!(e instanceof NotSupported)) throw e;
          markAllScalarsPrecise(env, start);
          bt.regs = 0;
          bt.stack = 0n;
          return;
        }
      }
      if (btEmpty(bt)) return;
      subseq = i;
      i = prevInsnIdx(st, i, history);
      if (i < 0) break;
    }
    st = st.parent;
    if (!st) break;
    for (let i = 0; i < 32; i++) {
      if (!(bt.regs & (1 << i))) continue;
      const reg = st.regs[i]!;
      if (reg.type !== RegType.SCALAR_VALUE || reg.precise) bt.regs &= ~(1 << i);
      else reg.precise = true;
    }
    for (let i = 0; bt.stack && i < 64; i++) {
      const bit = 1n << BigInt(i);
      if (!(bt.stack & bit)) continue;
      if (i >= st.stack.length) {
        // verifier_bug_if() in 6.18+ (message prefixed, condition appended); before, a plain BUG line
        env.verbose(
          env.features.sanityCheck === "prefixed"
            ? `verifier bug: stack slot ${i}, total slots ${st.stack.length} (i >= func->allocated_stack / BPF_REG_SIZE)\n`
            : `BUG backtracking (stack slot ${i}, total slots ${st.stack.length})\n`,
        );
        throw new VerifierReject("EFAULT");
      }
      const slot = st.stack[i]!;
      if (!isSpilledReg(slot) || slot.spilled.type !== RegType.SCALAR_VALUE || slot.spilled.precise)
        bt.stack &= ~bit;
      else slot.spilled.precise = true;
    }
    if (env.level2) {
      env.verbose(
        `mark_precise: frame0: parent state regs=${fmtRegMask(bt.regs)} stack=${fmtStackMask(bt.stack)}: `,
      );
      printVerifierState(env, st, true);
    }
    if (btEmpty(bt)) return;
    subseq = firstIdx;
    lastIdx = st.lastInsnIdx;
    firstIdx = st.firstInsnIdx;
  }
  if (!btEmpty(bt)) {
    markAllScalarsPrecise(env, start);
    bt.regs = 0;
    bt.stack = 0n;
  }
}

export function markChainPrecision(env: VerifierEnv, regno: number): void {
  if (env.features.legacyPrecision) {
    markChainPrecisionLegacy(env, regno);
    return;
  }
  markChainPrecisionFrom(env, env.cur, { regs: 1 << regno });
}

/** propagate_precision: precise scalars of the old (equivalent) state become precise in cur's parents. */
export function propagatePrecision(env: VerifierEnv, old: VerifierState, cur: VerifierState): void {
  const bt: Backtrack = { regs: 0 };
  let first = true;
  for (let i = 0; i < 10; i++) {
    const reg = old.regs[i]!;
    if (reg.type !== RegType.SCALAR_VALUE || !reg.precise) continue;
    if (env.features.readMarks && !(reg.live & REG_LIVE_READ)) continue;
    if (env.level2) env.verbose(first ? `frame 0: propagating r${i}` : `,r${i}`);
    bt.regs |= 1 << i;
    first = false;
  }
  for (let i = 0; i < old.stack.length; i++) {
    const slot = old.stack[i]!;
    if (!isSpilledReg(slot)) continue;
    const reg = slot.spilled;
    if (reg.type !== RegType.SCALAR_VALUE || !reg.precise) continue;
    if (env.features.readMarks && !(reg.live & REG_LIVE_READ)) continue;
    if (env.level2) env.verbose(first ? `frame 0: propagating fp${-(i + 1) * 8}` : `,fp${-(i + 1) * 8}`);
    bt.stack = (bt.stack ?? 0n) | (1n << BigInt(i));
    first = false;
  }
  if (!first) env.verbose("\n");
  markChainPrecisionFrom(env, cur, bt);
}
