/**
 * is_state_visited of 5.10-6.1: called at every instruction (non-prune points only record the jump
 * history), pruning with read marks, checkpoints with the 2-jumps/8-instructions rule, and
 * peak_states as a counter.
 */
import type { VerifierEnv } from "./env.js";
import { propagateLiveness, REG_LIVE_DONE, REG_LIVE_READ } from "./liveness.js";
import { markAllScalarsImprecise } from "./precision.js";
import { propagatePrecisionLegacy } from "./precision-legacy.js";
import { type RegState, RegType } from "./reg-state.js";
import { cleanState, linkStackParents, propagateStackLiveness, stacksafe } from "./stack-prune.js";
import { historyClear, historyPush, type StateListEntry, type VerifierState } from "./state.js";
import { tnumIn } from "./tnum.js";

/** push_jmp_history (only at jump points) */
export function pushJmpHistoryLegacy(env: VerifierEnv, st: VerifierState): void {
  if (env.features.pruneAtBranches ? !env.aux.jmpPoint[env.insnIdx] : !env.aux.prunePoint[env.insnIdx])
    return;
  historyPush(st, { idx: env.insnIdx, prevIdx: env.prevInsnIdx, flags: 0, linkedRegs: 0n });
}

function same(a: RegState, b: RegState): boolean {
  return (
    a.type === b.type &&
    a.off === b.off &&
    a.varOff.value === b.varOff.value &&
    a.varOff.mask === b.varOff.mask &&
    a.smin === b.smin &&
    a.smax === b.smax &&
    a.umin === b.umin &&
    a.umax === b.umax &&
    a.s32min === b.s32min &&
    a.s32max === b.s32max &&
    a.u32min === b.u32min &&
    a.u32max === b.u32max &&
    a.id === b.id
  );
}

function regsafe(o: RegState, c: RegState, backport: boolean): boolean {
  if (!(o.live & REG_LIVE_READ)) return true;
  const equal = same(o, c);
  if (o.type === RegType.PTR_TO_STACK) return equal && o.frameno === c.frameno;
  if (equal) return true;
  if (o.type === RegType.NOT_INIT) return true;
  if (c.type === RegType.NOT_INIT) return false;
  if (o.type === RegType.SCALAR_VALUE) {
    if (c.type !== RegType.SCALAR_VALUE) return false;
    // before the backport the current state carries precise marks too, and a precise current
    // register must fit the old one even when the old one is imprecise
    if (!o.precise && (backport || !c.precise)) return true;
    const rangeWithin =
      o.umin <= c.umin &&
      o.umax >= c.umax &&
      o.smin <= c.smin &&
      o.smax >= c.smax &&
      o.u32min <= c.u32min &&
      o.u32max >= c.u32max &&
      o.s32min <= c.s32min &&
      o.s32max >= c.s32max;
    return rangeWithin && tnumIn(o.varOff, c.varOff);
  }
  return false;
}

function statesEqualLegacy(env: VerifierEnv, old: VerifierState, cur: VerifierState): boolean {
  if (old.speculative && !cur.speculative) return false;
  const backport = env.features.precisionBackport;
  for (let i = 0; i < 11; i++) if (!regsafe(old.regs[i]!, cur.regs[i]!, backport)) return false;
  return old.stack.length === 0 || stacksafe(old, cur, (o, c) => regsafe(o, c, backport), false, false);
}

function maybeLooping(old: VerifierState, cur: VerifierState): boolean {
  for (let i = 0; i < 11; i++) if (!same(old.regs[i]!, cur.regs[i]!)) return false;
  return true;
}

export function isStateVisitedLegacy(env: VerifierEnv, insnIdx: number): number {
  const cur = env.cur;
  cur.lastInsnIdx = env.prevInsnIdx;
  if (!env.aux.prunePoint[insnIdx]) {
    pushJmpHistoryLegacy(env, cur);
    return 0;
  }
  let add = env.jmpsProcessed - env.prevJmpsProcessed >= 2 && env.insnProcessed - env.prevInsnProcessed >= 8;
  let list = env.explored[insnIdx];
  if (!list) list = env.explored[insnIdx] = [];
  for (const sl of list) if (!sl.state.branches) cleanState(sl.state);
  let statesCnt = 0;
  for (const sl of list.slice()) {
    statesCnt++;
    const old = sl.state;
    if (old.branches) {
      if (maybeLooping(old, cur) && statesEqualLegacy(env, old, cur))
        env.reject("EINVAL", `infinite loop detected at insn ${insnIdx}\n`);
      if (env.jmpsProcessed - env.prevJmpsProcessed < 20 && env.insnProcessed - env.prevInsnProcessed < 100)
        add = false;
    } else if (statesEqualLegacy(env, old, cur)) {
      sl.hitCnt++;
      propagateLiveness(env, old, cur);
      propagateStackLiveness(env, old, cur);
      pushJmpHistoryLegacy(env, cur);
      propagatePrecisionLegacy(env, old);
      return 1;
    }
    if (add) sl.missCnt++;
    if (sl.missCnt > sl.hitCnt * 3 + 3) {
      list.splice(list.indexOf(sl), 1);
      if (old.regs[0]!.live & REG_LIVE_DONE) env.peakStates--;
    }
  }
  if (env.maxStatesPerInsn < statesCnt) env.maxStatesPerInsn = statesCnt;
  if (!add) {
    pushJmpHistoryLegacy(env, cur);
    return 0;
  }
  env.totalStates++;
  env.peakStates++;
  env.prevJmpsProcessed = env.jmpsProcessed;
  env.prevInsnProcessed = env.insnProcessed;
  if (env.features.precisionBackport) markAllScalarsImprecise(cur);
  const copy = cur.clone();
  copy.insnIdx = insnIdx;
  const sl: StateListEntry = { state: copy, hitCnt: 0, missCnt: 0, inFreeList: false };
  copy.listEntry = sl;
  list.unshift(sl);
  cur.parent = copy;
  cur.firstInsnIdx = insnIdx;
  historyClear(cur);
  for (let i = 0; i < 10; i++) {
    cur.regs[i]!.parent = copy.regs[i]!;
    cur.regs[i]!.live = 0;
  }
  linkStackParents(cur, copy);
  return 0;
}
