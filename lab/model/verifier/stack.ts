/**
 * The stack of pending branches (push_stack / pop_stack) and the branch counts of checkpoint
 * states (update_branch_counts, maybe_free_verifier_state).
 */
import { BPF_COMPLEXITY_LIMIT_JMP_SEQ, type VerifierEnv, VerifierReject } from "./env.js";
import type { VerifierState } from "./state.js";

export function pushStack(env: VerifierEnv, insnIdx: number, prevInsnIdx: number): VerifierState {
  const pooled = env.statePool.pop();
  const st = pooled ?? env.cur.clone();
  if (pooled) pooled.copyFrom(env.cur);
  env.stack.push({ st, insnIdx, prevInsnIdx, logPos: env.log.endPos });
  if (env.stack.length > BPF_COMPLEXITY_LIMIT_JMP_SEQ) {
    env.verbose(`The sequence of ${env.stack.length} jumps is too complex.\n`);
    throw new VerifierReject(env.features.jmpSeqErrno);
  }
  if (st.parent) st.parent.branches++;
  return st;
}

/** Returns false when no branch is left. */
export function popStack(env: VerifierEnv, popLog: boolean): boolean {
  const head = env.stack.pop();
  if (!head) return false;
  env.cur.copyFrom(head.st);
  env.statePool.push(head.st);
  if (popLog) env.log.reset(head.logPos);
  env.insnIdx = head.insnIdx;
  env.prevInsnIdx = head.prevInsnIdx;
  return true;
}

export function maybeFreeState(env: VerifierEnv, st: VerifierState): void {
  const sl = st.listEntry;
  if (!sl?.inFreeList || st.branches !== 0) return;
  const i = env.freeList.indexOf(sl);
  if (i >= 0) env.freeList.splice(i, 1);
  sl.inFreeList = false;
  st.listEntry = null;
  env.freeListSize--;
}

export function updateBranchCounts(env: VerifierEnv, start: VerifierState): void {
  let st: VerifierState | null = start;
  let isList = false;
  while (st) {
    st.branches--;
    if (st.branches) break;
    const parent: VerifierState | null = st.parent;
    if (isList) maybeFreeState(env, st);
    st = parent;
    isList = true;
  }
}
