/**
 * Stack slots in pruning and liveness (stacksafe, clean_func_state's stack part, the slot half of
 * propagate_liveness and of a new checkpoint's parent links). `modern` is 6.8+'s stacksafe: a
 * 64-bit scalar spill and an all-MISC slot compare as registers (scalar_reg_for_stack), exact
 * comparison for loops; before, slot types then spilled registers.
 */
import type { VerifierEnv } from "./env.js";
import {
  cleanStateByReadMarks,
  markRegRead,
  REG_LIVE_DONE,
  REG_LIVE_READ,
  REG_LIVE_READ64,
} from "./liveness.js";
import { markNotInit, markUnknown, RegState } from "./reg-state.js";
import {
  BPF_REG_SIZE,
  isSpilledReg,
  isSpilledScalarReg64,
  STACK_INVALID,
  STACK_MISC,
  STACK_SPILL,
  STACK_ZERO,
  type StackSlot,
} from "./stack-state.js";
import type { VerifierState } from "./state.js";

export type RegSafe = (o: RegState, c: RegState) => boolean;

const UNBOUND = (() => {
  const r = new RegState();
  markUnknown(r);
  r.live |= REG_LIVE_READ;
  return r;
})();

/** is_stack_all_misc (uninitialized bytes count as MISC for root) */
function isAllMisc(slot: StackSlot): boolean {
  for (const t of slot.types) if (t !== STACK_MISC && t !== STACK_INVALID) return false;
  return true;
}

function scalarRegForStack(slot: StackSlot): RegState | null {
  if (isSpilledScalarReg64(slot)) return slot.spilled;
  return isAllMisc(slot) ? UNBOUND : null;
}

/** stacksafe; `exact` (6.8+ loop checks) compares slot types byte for byte first */
export function stacksafe(
  old: VerifierState,
  cur: VerifierState,
  regsafe: RegSafe,
  modern: boolean,
  exact: boolean,
  readMarks = true,
): boolean {
  const oldBytes = old.stack.length * BPF_REG_SIZE;
  const curBytes = cur.stack.length * BPF_REG_SIZE;
  for (let i = 0; i < oldBytes; i++) {
    const spi = Math.floor(i / BPF_REG_SIZE);
    const j = i % BPF_REG_SIZE;
    const os = old.stack[spi]!;
    const ot = os.types[j]!;
    if (exact && (i >= curBytes || ot !== cur.stack[spi]!.types[j])) return false;
    if (readMarks && !(os.spilled.live & REG_LIVE_READ) && !exact) {
      i += BPF_REG_SIZE - 1;
      continue;
    }
    if (ot === STACK_INVALID || ot === STACK_MISC) continue;
    if (i >= curBytes) return false;
    const cs = cur.stack[spi]!;
    if (modern) {
      const o = scalarRegForStack(os);
      const c = scalarRegForStack(cs);
      if (o && c) {
        if (!regsafe(o, c)) return false;
        i += BPF_REG_SIZE - 1;
        continue;
      }
    }
    const ct = cs.types[j]!;
    if (ot === STACK_MISC && ct === STACK_ZERO) continue;
    if (ot !== ct) return false;
    if (j !== BPF_REG_SIZE - 1) continue;
    if (modern ? os.types[BPF_REG_SIZE - 1] !== STACK_SPILL : !isSpilledReg(os)) continue;
    if (!regsafe(os.spilled, cs.spilled)) return false;
  }
  return true;
}

/** clean_func_state's stack part of 6.18: slots not live at the state's instruction are forgotten */
export function cleanStackByLiveness(env: VerifierEnv, st: VerifierState): void {
  const live = env.stackLive;
  for (let i = 0; i < st.stack.length; i++) {
    if (live?.alive(st.insnIdx, i)) continue;
    const slot = st.stack[i]!;
    markNotInit(slot.spilled);
    slot.types.fill(STACK_INVALID);
  }
}

/** clean_func_state's stack part: unread slots forgotten, all marked DONE */
export function cleanStackByReadMarks(st: VerifierState): void {
  for (const slot of st.stack) {
    const live = slot.spilled.live;
    slot.spilled.live |= REG_LIVE_DONE;
    if (!(live & REG_LIVE_READ)) {
      const keep = slot.spilled.live;
      const parent = slot.spilled.parent;
      markNotInit(slot.spilled);
      slot.spilled.live = keep;
      slot.spilled.parent = parent;
      slot.types.fill(STACK_INVALID);
    }
  }
}

/** propagate_liveness's stack part */
export function propagateStackLiveness(
  env: VerifierEnv,
  vstate: VerifierState,
  vparent: VerifierState,
): void {
  const n = Math.min(vstate.stack.length, vparent.stack.length);
  for (let i = 0; i < n; i++) {
    const reg = vstate.stack[i]!.spilled;
    const parentReg = vparent.stack[i]!.spilled;
    const parentFlag = parentReg.live & REG_LIVE_READ;
    const flag = reg.live & REG_LIVE_READ;
    if (parentFlag === REG_LIVE_READ64 || !flag || parentFlag === flag) continue;
    markRegRead(env, reg, parentReg, flag);
  }
}

/** A new checkpoint: the current state's slots read-link to the checkpoint's, liveness cleared. */
export function linkStackParents(cur: VerifierState, checkpoint: VerifierState): void {
  for (let i = 0; i < cur.stack.length; i++) {
    const s = cur.stack[i]!.spilled;
    s.live = 0;
    s.parent = checkpoint.stack[i]!.spilled;
  }
}

/** clean_verifier_state with read marks: registers, then stack slots */
export function cleanState(st: VerifierState): void {
  if (st.regs[0]!.live & REG_LIVE_DONE) return;
  cleanStateByReadMarks(st);
  cleanStackByReadMarks(st);
}
