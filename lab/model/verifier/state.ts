/**
 * Verifier states (struct bpf_verifier_state, one frame): registers, the parent checkpoint, the
 * branch count, the instruction window [first_insn_idx .. last_insn_idx] and the jump history used
 * by precision backtracking.
 */
import { markNotInit, RegState, RegType } from "./reg-state.js";
import { copyStack, type StackSlot } from "./stack-state.js";
import { tnumConst } from "./tnum.js";

export const MAX_BPF_REG = 11;
export const BPF_REG_FP = 10;

export interface JmpHistoryEntry {
  idx: number;
  prevIdx: number;
  flags: number;
  linkedRegs: bigint;
}

export class VerifierState {
  regs: RegState[] = [];
  /** stack slots (frame 0), index = spi; allocated_stack = 8 * length */
  stack: StackSlot[] = [];
  parent: VerifierState | null = null;
  branches = 1;
  insnIdx = 0;
  firstInsnIdx = 0;
  lastInsnIdx = -1;
  /** the jump history: the first jmpLen entries of jmpHistory (the array is shared copy-on-write between copies) */
  jmpHistory: JmpHistoryEntry[] = [];
  jmpLen = 0;
  speculative = false;
  cleaned = false;
  dfsDepth = 0;
  /** the explored-state list entry holding this state (checkpoints only) */
  listEntry: StateListEntry | null = null;

  static initial(): VerifierState {
    const st = new VerifierState();
    for (let i = 0; i < MAX_BPF_REG; i++) {
      const r = new RegState();
      markNotInit(r);
      st.regs.push(r);
    }
    const fp = st.regs[BPF_REG_FP]!;
    fp.type = RegType.PTR_TO_STACK;
    fp.varOff = tnumConst(0n);
    fp.smin = fp.smax = fp.umin = fp.umax = 0n;
    fp.s32min = fp.s32max = fp.u32min = fp.u32max = 0;
    const ctx = st.regs[1]!;
    ctx.type = RegType.PTR_TO_CTX;
    ctx.varOff = tnumConst(0n);
    ctx.smin = ctx.smax = ctx.umin = ctx.umax = 0n;
    ctx.s32min = ctx.s32max = ctx.u32min = ctx.u32max = 0;
    return st;
  }

  /** copy_verifier_state */
  clone(): VerifierState {
    const st = new VerifierState();
    const regs = this.regs;
    for (let i = 0; i < regs.length; i++) st.regs.push(new RegState(regs[i]!));
    if (this.stack.length) copyStack(st.stack, this.stack);
    st.parent = this.parent;
    st.branches = this.branches;
    st.insnIdx = this.insnIdx;
    st.firstInsnIdx = this.firstInsnIdx;
    st.lastInsnIdx = this.lastInsnIdx;
    st.jmpHistory = this.jmpHistory;
    st.jmpLen = this.jmpLen;
    st.speculative = this.speculative;
    st.cleaned = this.cleaned;
    st.dfsDepth = this.dfsDepth;
    return st;
  }

  copyFrom(src: VerifierState): void {
    if (this.regs.length === 0) for (let i = 0; i < MAX_BPF_REG; i++) this.regs.push(new RegState());
    for (let i = 0; i < MAX_BPF_REG; i++) this.regs[i]!.copyFrom(src.regs[i]!);
    if (this.stack.length || src.stack.length) copyStack(this.stack, src.stack);
    this.parent = src.parent;
    this.branches = src.branches;
    this.insnIdx = src.insnIdx;
    this.firstInsnIdx = src.firstInsnIdx;
    this.lastInsnIdx = src.lastInsnIdx;
    this.jmpHistory = src.jmpHistory;
    this.jmpLen = src.jmpLen;
    this.speculative = src.speculative;
    this.cleaned = src.cleaned;
    this.dfsDepth = src.dfsDepth;
  }
}

/** Append to a state's jump history, copying the shared array first when another state extended it. */
export function historyPush(st: VerifierState, e: JmpHistoryEntry): void {
  if (st.jmpHistory.length !== st.jmpLen) st.jmpHistory = st.jmpHistory.slice(0, st.jmpLen);
  st.jmpHistory.push(e);
  st.jmpLen++;
}

export function historyClear(st: VerifierState): void {
  st.jmpHistory = [];
  st.jmpLen = 0;
}

/** An entry of the explored-states list at one instruction (struct bpf_verifier_state_list). */
export interface StateListEntry {
  state: VerifierState;
  hitCnt: number;
  missCnt: number;
  inFreeList: boolean;
}
