/**
 * Read-mark liveness (kernels before 6.18, profile feature `liveness_read_marks`): a register read
 * marks the same register READ in every parent checkpoint up the chain until a write screens it
 * (mark_reg_read); an equivalent explored state hands its read marks to the current path's parents
 * (propagate_liveness); states whose paths are all explored are cleaned: unread registers forgotten,
 * all marked DONE (clean_func_state). `mark_read` in the stats line is the longest walk.
 */
import type { Insn } from "../../isa/insn.js";
import * as op from "../../isa/opcodes.js";
import { type VerifierEnv, VerifierReject } from "./env.js";
import { markNotInit, type RegState, RegType } from "./reg-state.js";
import type { VerifierState } from "./state.js";

export const REG_LIVE_NONE = 0;
export const REG_LIVE_READ32 = 1;
export const REG_LIVE_READ64 = 2;
export const REG_LIVE_READ = REG_LIVE_READ32 | REG_LIVE_READ64;
export const REG_LIVE_WRITTEN = 4;
export const REG_LIVE_DONE = 8;

/** is_reg64: does this instruction read/write the whole 64-bit register? */
export function isReg64(x: Insn, regno: number, reg: RegState, src: boolean): boolean {
  const cls = x.code & 7;
  const o = op.insnOp(x.code);
  if (cls === op.BPF_JMP) {
    if (o === op.BPF_EXIT) return true;
    if (o === op.BPF_CALL) return x.src === op.BPF_PSEUDO_CALL ? false : src;
  }
  if (cls === op.BPF_ALU64 && o === op.BPF_END && (x.imm === 16 || x.imm === 32)) return false;
  if (cls === op.BPF_ALU64 || cls === op.BPF_JMP || (cls === op.BPF_ALU && o === op.BPF_END && x.imm === 64))
    return true;
  if (cls === op.BPF_ALU || cls === op.BPF_JMP32) return false;
  if (cls === op.BPF_LDX) {
    if (!src) return op.insnSize(x.code) === op.BPF_DW || op.insnMode(x.code) === op.BPF_MEMSX;
    return true;
  }
  if (cls === op.BPF_STX) {
    if (src && reg.type !== RegType.SCALAR_VALUE) return true;
    return op.insnSize(x.code) === op.BPF_DW;
  }
  if (cls === op.BPF_LD) {
    if (op.insnMode(x.code) === op.BPF_IMM) return true;
    if (!src) return false;
    return true;
  }
  void regno;
  return true;
}

export function markRegRead(
  env: VerifierEnv,
  state0: RegState,
  parent0: RegState | null,
  flag: number,
): void {
  let state = state0;
  let parent = parent0;
  let writes = parent === state.parent;
  let cnt = 0;
  while (parent) {
    if (writes && state.live & REG_LIVE_WRITTEN) break;
    if (parent.live & REG_LIVE_DONE) {
      env.verbose(`verifier BUG type ${parent.type} var_off ${parent.varOff.value} off ${parent.off}\n`);
      throw new VerifierReject("EFAULT");
    }
    if ((parent.live & REG_LIVE_READ) === flag || parent.live & REG_LIVE_READ64) break;
    parent.live |= flag;
    if (flag === REG_LIVE_READ64) parent.live &= ~REG_LIVE_READ32;
    state = parent;
    parent = state.parent;
    writes = true;
    cnt++;
  }
  if (env.longestMarkReadWalk < cnt) env.longestMarkReadWalk = cnt;
}

/** propagate_liveness: read marks of the equivalent explored state go to the current path's parents. */
export function propagateLiveness(
  env: VerifierEnv,
  vstate: VerifierState,
  vparent: VerifierState | null,
): void {
  if (!vparent) return;
  for (let i = 0; i < 10; i++) {
    const reg = vstate.regs[i]!;
    const parentReg = vparent.regs[i]!;
    const parentFlag = parentReg.live & REG_LIVE_READ;
    const flag = reg.live & REG_LIVE_READ;
    if (parentFlag === REG_LIVE_READ64 || !flag || parentFlag === flag) continue;
    markRegRead(env, reg, parentReg, flag);
  }
}

/** clean_verifier_state of a fully explored state: unread registers forgotten, all marked DONE. */
export function cleanStateByReadMarks(st: VerifierState): void {
  if (st.regs[0]!.live & REG_LIVE_DONE) return;
  for (let i = 0; i < 10; i++) {
    const reg = st.regs[i]!;
    const live = reg.live;
    reg.live |= REG_LIVE_DONE;
    if (!(live & REG_LIVE_READ)) {
      const keep = reg.live;
      const parent = reg.parent;
      markNotInit(reg);
      reg.live = keep;
      reg.parent = parent;
    }
  }
}
