/**
 * State checkpoints and pruning (6.18 is_state_visited / states_equal / regsafe): when a new
 * checkpoint is added (at least 2 jumps and 8 instructions since the last one), when an explored
 * state proves the current one safe, the miss/hit eviction of unhelpful states, and the stats it
 * feeds (total_states, peak_states, max_states_per_insn).
 */
import type { VerifierEnv } from "./env.js";
import { propagateLiveness, REG_LIVE_DONE, REG_LIVE_READ } from "./liveness.js";
import { markAllScalarsImprecise, propagatePrecision } from "./precision.js";
import { printVerifierState } from "./print.js";
import { markNotInit, type RegState, RegType } from "./reg-state.js";
import { maybeFreeState } from "./stack.js";
import {
  cleanStackByLiveness,
  cleanState,
  linkStackParents,
  propagateStackLiveness,
  stacksafe,
} from "./stack-prune.js";
import { historyClear, historyPush, type StateListEntry, type VerifierState } from "./state.js";
import { ADD_CONST } from "./state-format.js";
import { tnumIn } from "./tnum.js";

export const NOT_EXACT = 0;
export const EXACT = 1;
export const RANGE_WITHIN = 2;

class IdMap {
  old: number[] = [];
  cur: number[] = [];
  constructor(public tmpIdGen: number) {}
  check(oldId: number, curId: number): boolean {
    if (!oldId !== !curId) return false;
    if (oldId === 0) return true;
    for (let i = 0; i < this.old.length; i++) {
      if (this.old[i] === oldId) return this.cur[i] === curId;
      if (this.cur[i] === curId) return false;
    }
    this.old.push(oldId);
    this.cur.push(curId);
    return true;
  }
  checkScalar(oldId: number, curIdIn: number): boolean {
    if (!oldId) return true;
    const curId = curIdIn ? curIdIn : ++this.tmpIdGen;
    if (!this.check(oldId, curId)) return false;
    if (oldId & ADD_CONST) return this.check(oldId & ~ADD_CONST, curId & ~ADD_CONST);
    return true;
  }
}

function sameValue(a: RegState, b: RegState): boolean {
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
    a.u32max === b.u32max
  );
}

const rangeWithin = (o: RegState, c: RegState): boolean =>
  o.umin <= c.umin &&
  o.umax >= c.umax &&
  o.smin <= c.smin &&
  o.smax >= c.smax &&
  o.u32min <= c.u32min &&
  o.u32max >= c.u32max &&
  o.s32min <= c.s32min &&
  o.s32max >= c.s32max;

function regsExact(o: RegState, c: RegState, idmap: IdMap): boolean {
  return sameValue(o, c) && idmap.check(o.id, c.id) && idmap.check(0, 0);
}

function regsafe(o: RegState, c: RegState, idmap: IdMap, exact: number, readMarks: boolean): boolean {
  if (exact === EXACT) return regsExact(o, c, idmap);
  if (readMarks && !(o.live & REG_LIVE_READ) && exact === NOT_EXACT) return true;
  if (o.type === RegType.NOT_INIT && (exact === NOT_EXACT || c.type === RegType.NOT_INIT)) return true;
  if (o.type !== c.type) return false;
  switch (o.type) {
    case RegType.SCALAR_VALUE:
      if (!o.precise && exact === NOT_EXACT) return true;
      if (o.id && (o.id & ADD_CONST) !== (c.id & ADD_CONST)) return false;
      if (o.id & ADD_CONST && o.off !== c.off) return false;
      if (!idmap.checkScalar(o.id, c.id)) return false;
      return rangeWithin(o, c) && tnumIn(o.varOff, c.varOff);
    case RegType.PTR_TO_STACK:
      return regsExact(o, c, idmap) && o.frameno === c.frameno;
    default:
      return regsExact(o, c, idmap);
  }
}

export function statesEqual(
  env: VerifierEnv,
  old: VerifierState,
  cur: VerifierState,
  exact: number,
): boolean {
  const idmap = new IdMap(env.idGen);
  if (old.speculative && !cur.speculative) return false;
  const readMarks = env.features.readMarks;
  const live = readMarks ? 0x7ff : env.aux.liveRegsBefore[old.insnIdx]!;
  for (let i = 0; i < 11; i++) {
    if (live & (1 << i) && !regsafe(old.regs[i]!, cur.regs[i]!, idmap, exact, readMarks)) return false;
  }
  if (old.stack.length === 0) return true;
  return stacksafe(
    old,
    cur,
    (o, c) => regsafe(o, c, idmap, exact, readMarks),
    true,
    exact === EXACT,
    readMarks,
  );
}

function statesMaybeLooping(old: VerifierState, cur: VerifierState): boolean {
  for (let i = 0; i < 11; i++) {
    const a = old.regs[i]!;
    const b = cur.regs[i]!;
    if (!sameValue(a, b) || a.id !== b.id) return false;
  }
  return true;
}

function cleanLiveStates(env: VerifierEnv, list: StateListEntry[]): void {
  for (const sl of list) {
    const st = sl.state;
    if (env.features.readMarks) {
      if (!st.branches) cleanState(st);
      continue;
    }
    if (st.branches || st.cleaned) continue;
    const live = env.aux.liveRegsBefore[st.insnIdx]!;
    for (let i = 0; i < 10; i++) if (!(live & (1 << i))) markNotInit(st.regs[i]!);
    cleanStackByLiveness(env, st);
    st.cleaned = true;
  }
}

/** push_jmp_history for the instruction being processed. */
export function pushJmpHistory(env: VerifierEnv, st: VerifierState, flags: number, linkedRegs = 0n): void {
  if (env.curHistEnt) {
    env.curHistEnt.flags |= flags;
    env.curHistEnt.linkedRegs = linkedRegs;
    return;
  }
  const e = { idx: env.insnIdx, prevIdx: env.prevInsnIdx, flags, linkedRegs };
  historyPush(st, e);
  env.curHistEnt = e;
}

/** 1 when an explored state proves the current one safe, else 0 (maybe after adding a checkpoint). */
export function isStateVisited(env: VerifierEnv, insnIdx: number): number {
  const cur = env.cur;
  const force = cur.jmpLen > 40;
  let add = force;
  if (env.jmpsProcessed - env.prevJmpsProcessed >= 2 && env.insnProcessed - env.prevInsnProcessed >= 8)
    add = true;
  let list = env.explored[insnIdx];
  if (!list) list = env.explored[insnIdx] = [];
  cleanLiveStates(env, list);
  let statesCnt = 0;
  for (const sl of list.slice()) {
    statesCnt++;
    const old = sl.state;
    if (old.branches) {
      if (statesMaybeLooping(old, cur) && statesEqual(env, old, cur, EXACT)) {
        env.verbose(`infinite loop detected at insn ${insnIdx}\n`);
        env.verbose("cur state:");
        printVerifierState(env, cur, true);
        env.verbose("old state:");
        printVerifierState(env, old, true);
        env.reject("EINVAL");
      }
      if (
        !force &&
        env.jmpsProcessed - env.prevJmpsProcessed < 20 &&
        env.insnProcessed - env.prevInsnProcessed < 100
      )
        add = false;
    } else if (statesEqual(env, old, cur, NOT_EXACT)) {
      sl.hitCnt++;
      if (env.features.readMarks) {
        propagateLiveness(env, old, cur);
        propagateStackLiveness(env, old, cur);
      }
      if (env.aux.jmpPoint[env.insnIdx]) pushJmpHistory(env, cur, 0);
      propagatePrecision(env, old, cur);
      return 1;
    }
    if (add) sl.missCnt++;
    const n = 3;
    if (sl.missCnt > sl.hitCnt * n + n && !env.features.peakStatesMax) {
      list.splice(list.indexOf(sl), 1);
      // a DONE state is freed at once (and leaves the peak count); others wait on the free list
      if (old.regs[0]!.live & REG_LIVE_DONE) env.peakStates--;
    } else if (sl.missCnt > sl.hitCnt * n + n) {
      sl.inFreeList = true;
      list.splice(list.indexOf(sl), 1);
      env.freeList.push(sl);
      env.freeListSize++;
      env.exploredStatesSize--;
      maybeFreeState(env, old);
    }
  }
  if (env.maxStatesPerInsn < statesCnt) env.maxStatesPerInsn = statesCnt;
  if (!add) return 0;
  env.totalStates++;
  env.exploredStatesSize++;
  if (env.features.peakStatesMax) env.updatePeakStates();
  else env.peakStates++;
  env.prevJmpsProcessed = env.jmpsProcessed;
  env.prevInsnProcessed = env.insnProcessed;
  markAllScalarsImprecise(cur);
  const copy = cur.clone();
  copy.insnIdx = insnIdx;
  const sl: StateListEntry = { state: copy, hitCnt: 0, missCnt: 0, inFreeList: false };
  copy.listEntry = sl;
  list.unshift(sl);
  cur.parent = copy;
  cur.firstInsnIdx = insnIdx;
  cur.dfsDepth = copy.dfsDepth + 1;
  historyClear(cur);
  if (env.features.readMarks) {
    for (let i = 0; i < 10; i++) {
      cur.regs[i]!.parent = copy.regs[i]!;
      cur.regs[i]!.live = 0;
    }
    linkStackParents(cur, copy);
  }
  return 0;
}
