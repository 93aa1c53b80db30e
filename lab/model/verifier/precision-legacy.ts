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
import type { VerifierState } from "./state.js";

class NotSupported extends Error {}

const logs = (env: VerifierEnv): boolean => (env.features.precisionAtLevel1 ? env.level1 : env.level2);

function backtrack(env: VerifierEnv, idx: number, mask: { regs: number }): void {
  const x = env.insns[idx]!;
  if (x.code === 0) return;
  if (logs(env))
    env.verbose(`regs=${mask.regs.toString(16)} stack=0 before ${idx}: ${env.formatInsn(idx)}\n`);
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
  } else if (cls === op.BPF_STX || cls === op.BPF_ST) {
    if (mask.regs & d) throw new NotSupported();
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

/** get_prev_insn_idx; -1 when the walk leaves the state (the 2023 fix asks the jump history) */
function prevInsnIdx(env: VerifierEnv, st: VerifierState, i: number, history: { cnt: number }): number {
  const cnt = history.cnt;
  if (!env.features.backtrackFirstIdxHistory) {
    // before: `if (i == first_idx) break;` ahead of get_prev_insn_idx
    if (i === st.firstInsnIdx) return -1;
  } else if (i === st.firstInsnIdx) {
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
  }
}

export function markChainPrecisionLegacy(env: VerifierEnv, regno: number): void {
  if (!env.bpfCapable) return;
  let st: VerifierState | null = env.cur;
  let firstIdx = st.firstInsnIdx;
  let lastIdx = env.insnIdx;
  const reg0 = st.regs[regno]!;
  if (reg0.type !== RegType.SCALAR_VALUE) throw new VerifierReject("EFAULT");
  // before the backport the current state's register is marked too
  if (!env.features.precisionBackport) {
    if (reg0.precise) return;
    reg0.precise = true;
  }
  const mask = { regs: 1 << regno };
  let skipFirst = true;
  for (;;) {
    const history = { cnt: st.jmpLen };
    if (logs(env)) env.verbose(`last_idx ${lastIdx} first_idx ${firstIdx}\n`);
    if (lastIdx < 0) {
      env.verbose(`BUG backtracing func entry subprog 0 reg_mask ${mask.regs.toString(16)} stack_mask 0\n`);
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
      if (!mask.regs) return;
      i = prevInsnIdx(env, st, i, history);
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
    if (logs(env)) {
      const what = `parent ${newMarks ? "didn't have" : "already had"} regs=${mask.regs.toString(16)} stack=0 marks`;
      if (env.features.precisionAtLevel1) {
        // 5.10/5.15: the state first, then the line
        printVerifierState(env, st, true);
        env.verbose(`${what}\n`);
      } else {
        env.verbose(`${what}:`);
        printVerifierState(env, st, true);
      }
    }
    if (!mask.regs || !newMarks) break;
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
}
