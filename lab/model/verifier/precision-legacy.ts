/**
 * Precision backtracking of 5.10-6.1 (__mark_chain_precision before the 6.4 rework): one register
 * at a time, walking parents until one already had the mark, with the older log lines
 * (`last_idx N first_idx N`, `regs=4 stack=0 before N: ...`, `parent didn't have regs=4 stack=0
 * marks:`) printed at level 2 (6.1) or already at level 1 (5.10, 5.15).
 */
import * as op from "../../isa/opcodes.js";
import { type VerifierEnv, VerifierReject } from "./env.js";
import { REG_LIVE_READ } from "./liveness.js";
import { printVerifierState } from "./print.js";
import { RegType } from "./reg-state.js";
import { isSpilledReg } from "./stack-state.js";
import type { VerifierState } from "./state.js";

class NotSupported extends Error {}

const logs = (env: VerifierEnv): boolean => (env.features.precisionAtLevel1 ? env.level1 : env.level2);

interface Masks {
  regs: number;
  stack: bigint;
}

const spiOf = (env: VerifierEnv, off: number): bigint => {
  const spi = Math.trunc((-off - 1) / 8);
  if (spi >= 64 || spi < 0) {
    env.verbose(`BUG spi ${spi >>> 0}\n`);
    throw new VerifierReject("EFAULT");
  }
  return 1n << BigInt(spi);
};

function backtrack(env: VerifierEnv, idx: number, mask: Masks): void {
  const x = env.insns[idx]!;
  if (x.code === 0) return;
  if (logs(env))
    env.verbose(
      `regs=${mask.regs.toString(16)} stack=${mask.stack.toString(16)} before ${idx}: ${env.formatInsn(idx)}\n`,
    );
  const cls = x.code & 7;
  const opc = op.insnOp(x.code);
  const d = 1 << x.dst;
  const s = 1 << x.src;
  if (cls === op.BPF_ALU || cls === op.BPF_ALU64) {
    if (!(mask.regs & d)) return;
    // before the 2023 fix, `be16 rX` (BPF_TO_BE is the BPF_X bit) fell through to `dst op= src`
    // and added its unused src_reg, r0
    if (env.features.backtrackEndNeg && (opc === op.BPF_END || opc === op.BPF_NEG)) return;
    if (opc === op.BPF_MOV) {
      mask.regs &= ~d;
      if (op.insnSrc(x.code) === op.BPF_X) mask.regs |= s;
    } else if (op.insnSrc(x.code) === op.BPF_X) {
      mask.regs |= s;
    }
  } else if (cls === op.BPF_LDX) {
    if (!(mask.regs & d)) return;
    mask.regs &= ~d;
    if (x.src !== 10) return;
    mask.stack |= spiOf(env, x.off);
  } else if (cls === op.BPF_STX || cls === op.BPF_ST) {
    if (mask.regs & d) throw new NotSupported();
    if (x.dst !== 10) return;
    const bit = spiOf(env, x.off);
    if (!(mask.stack & bit)) return;
    mask.stack &= ~bit;
    if (cls === op.BPF_STX) mask.regs |= s;
  } else if (cls === op.BPF_JMP || cls === op.BPF_JMP32) {
    if (opc === op.BPF_CALL) {
      mask.regs &= ~1;
    } else if (opc === op.BPF_EXIT) {
      throw new NotSupported();
    } else if (op.insnSrc(x.code) === op.BPF_X) {
      if (!(mask.regs & (d | s))) return;
      mask.regs |= d | s;
    }
  } else if (cls === op.BPF_LD) {
    if (!(mask.regs & d)) return;
    mask.regs &= ~d;
    if (op.insnMode(x.code) === op.BPF_IND || op.insnMode(x.code) === op.BPF_ABS) throw new NotSupported();
  }
}

/**
 * get_prev_insn_idx: -1 when the state's instructions are exhausted. Before "fix precision
 * backtracking instruction iteration" (`fixed` false) the caller stops at the state's first
 * instruction instead, and this only walks the history.
 */
function prevInsnIdx(st: VerifierState, i: number, history: { cnt: number }, fixed: boolean): number {
  const cnt = history.cnt;
  if (fixed && i === st.firstInsnIdx) {
    if (cnt === 0) return -1;
    if (cnt === 1 && st.jmpHistory[0]!.idx === i) return -1;
  }
  if (cnt && st.jmpHistory[cnt - 1]!.idx === i) {
    history.cnt--;
    return st.jmpHistory[cnt - 1]!.prevIdx;
  }
  return i - 1;
}

function markAllScalarsPrecise(env: VerifierEnv, st: VerifierState): void {
  // the backport skips the current state
  for (let s: VerifierState | null = env.features.precisionBackport ? st.parent : st; s; s = s.parent) {
    for (let j = 0; j < 10; j++) {
      const reg = s.regs[j]!;
      if (reg.type === RegType.SCALAR_VALUE) reg.precise = true;
    }
    for (const slot of s.stack) {
      if (isSpilledReg(slot) && slot.spilled.type === RegType.SCALAR_VALUE) slot.spilled.precise = true;
    }
  }
}

export function markChainPrecisionLegacy(env: VerifierEnv, regno: number, spi = -1): void {
  if (!env.bpfCapable) return;
  let st: VerifierState | null = env.cur;
  let firstIdx = st.firstInsnIdx;
  let lastIdx = env.insnIdx;
  const mask: Masks = { regs: regno >= 0 ? 1 << regno : 0, stack: 0n };
  if (regno >= 0) {
    const reg0 = st.regs[regno]!;
    if (reg0.type !== RegType.SCALAR_VALUE) throw new VerifierReject("EFAULT");
    // before the backport the current state's register is marked too
    if (!env.features.precisionBackport) {
      if (reg0.precise) return;
      reg0.precise = true;
    }
  } else {
    const slot = st.stack[spi];
    if (!slot || !isSpilledReg(slot) || slot.spilled.type !== RegType.SCALAR_VALUE) return;
    // before the backport the current state's slot is marked too (nothing to do if it already was)
    if (!env.features.precisionBackport) {
      if (slot.spilled.precise) return;
      slot.spilled.precise = true;
    }
    mask.stack = 1n << BigInt(spi);
  }
  let skipFirst = true;
  for (;;) {
    const history = { cnt: st.jmpLen };
    if (logs(env)) env.verbose(`last_idx ${lastIdx} first_idx ${firstIdx}\n`);
    if (lastIdx < 0) {
      env.verbose(
        `BUG backtracing func entry subprog 0 reg_mask ${mask.regs.toString(16)} stack_mask ${mask.stack.toString(16)}\n`,
      );
      throw new VerifierReject("EFAULT");
    }
    for (let i = lastIdx; ; ) {
      if (skipFirst) skipFirst = false;
      else {
        try {
          backtrack(env, i, mask);
        } catch (e) {
          if (!(e instanceof NotSupported)) throw e;
          markAllScalarsPrecise(env, st);
          return;
        }
      }
      if (!mask.regs && !mask.stack) return;
      if (!env.features.backtrackIterationFix && i === firstIdx) break;
      i = prevInsnIdx(st, i, history, env.features.backtrackIterationFix);
      if (i < 0) break;
    }
    st = st.parent;
    if (!st) break;
    let newMarks = false;
    for (let i = 0; i < 32; i++) {
      if (!(mask.regs & (1 << i))) continue;
      const reg = st.regs[i]!;
      if (reg.type !== RegType.SCALAR_VALUE) {
        mask.regs &= ~(1 << i);
        continue;
      }
      if (!reg.precise) newMarks = true;
      reg.precise = true;
    }
    for (let i = 0; mask.stack && i < 64; i++) {
      const bit = 1n << BigInt(i);
      if (!(mask.stack & bit)) continue;
      if (i >= st.stack.length) {
        markAllScalarsPrecise(env, st);
        return;
      }
      const slot = st.stack[i]!;
      if (!isSpilledReg(slot) || slot.spilled.type !== RegType.SCALAR_VALUE) {
        mask.stack &= ~bit;
        continue;
      }
      if (!slot.spilled.precise) newMarks = true;
      slot.spilled.precise = true;
    }
    if (logs(env)) {
      const what = `parent ${newMarks ? "didn't have" : "already had"} regs=${mask.regs.toString(16)} stack=${mask.stack.toString(16)} marks`;
      if (env.features.precisionAtLevel1) {
        // 5.10/5.15: the state first, then the line
        printVerifierState(env, st, true);
        env.verbose(`${what}\n`);
      } else {
        env.verbose(`${what}:`);
        printVerifierState(env, st, true);
      }
    }
    if ((!mask.regs && !mask.stack) || !newMarks) break;
    lastIdx = st.lastInsnIdx;
    firstIdx = st.firstInsnIdx;
  }
}

/** propagate_precision of 5.10-6.1: one backtrack per precise, read register of the old state. */
export function propagatePrecisionLegacy(env: VerifierEnv, old: VerifierState): void {
  for (let i = 0; i < 10; i++) {
    const reg = old.regs[i]!;
    if (reg.type !== RegType.SCALAR_VALUE || !reg.precise || !(reg.live & REG_LIVE_READ)) continue;
    if (env.level2) env.verbose(`frame 0: propagating r${i}\n`);
    markChainPrecisionLegacy(env, i);
  }
  for (let i = 0; i < old.stack.length; i++) {
    const slot = old.stack[i]!;
    if (!isSpilledReg(slot)) continue;
    const reg = slot.spilled;
    if (reg.type !== RegType.SCALAR_VALUE || !reg.precise || !(reg.live & REG_LIVE_READ)) continue;
    if (env.level2) env.verbose(`frame 0: propagating fp${-(i + 1) * 8}\n`);
    markChainPrecisionLegacy(env, -1, i);
  }
}
