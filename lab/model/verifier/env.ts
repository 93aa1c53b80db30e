/**
 * The verifier's environment (struct bpf_verifier_env): the program, per-instruction aux data
 * from the cfg pass, the explored-state lists, the stack of pending branches, the counters that
 * become the stats line, the log, and the scratch marks that decide which registers a state line
 * prints.
 */
import type { Insn } from "../../isa/insn.js";
import type { VerifierFeatures } from "./features.js";
import type { VerifierLogBuffer } from "./log-buffer.js";
import type { StackLiveness } from "./stack-liveness.js";
import type { StateListEntry, VerifierState } from "./state.js";

export const BPF_COMPLEXITY_LIMIT_INSNS = 1_000_000;
export const BPF_COMPLEXITY_LIMIT_JMP_SEQ = 8192;

/** A rejection: the reason is already in the log. */
export class VerifierReject extends Error {
  constructor(readonly errno: string) {
    super(errno);
  }
}

export interface PendingBranch {
  st: VerifierState;
  insnIdx: number;
  prevInsnIdx: number;
  logPos: number;
}

export interface InsnAux {
  prunePoint: Uint8Array;
  jmpPoint: Uint8Array;
  forceCheckpoint: Uint8Array;
  liveRegsBefore: Uint16Array;
}

export class VerifierEnv {
  cur!: VerifierState;
  insnIdx = 0;
  prevInsnIdx = -1;
  insnProcessed = 0;
  prevInsnProcessed = 0;
  jmpsProcessed = 0;
  prevJmpsProcessed = 0;
  totalStates = 0;
  peakStates = 0;
  maxStatesPerInsn = 0;
  longestMarkReadWalk = 0;
  exploredStatesSize = 0;
  freeListSize = 0;
  explored: (StateListEntry[] | undefined)[];
  freeList: StateListEntry[] = [];
  stack: PendingBranch[] = [];
  /** states of popped branches, reused by the next push (nothing else refers to them) */
  statePool: VerifierState[] = [];
  idGen = 0;
  scratchedRegs = 0;
  /** scratched stack slots (bit per spi) */
  scratchedSlots = 0n;
  /** the deepest allocated stack (bytes) */
  stackDepth = 0;
  prevLogPos = 0;
  prevInsnPrintPos = 0;
  /** the jump-history entry pushed for the instruction being processed */
  curHistEnt: { flags: number; linkedRegs: bigint } | null = null;
  /** a ctx load the rewrite pass cannot convert was seen (convert_ctx_accesses fails after the walk) */
  ctxUnconverted = false;
  readonly bpfCapable = true;
  /** 6.18's stack slot liveness (stackLivenessPass), else null */
  stackLive: StackLiveness | null = null;

  constructor(
    readonly insns: readonly Insn[],
    readonly progType: string,
    readonly log: VerifierLogBuffer,
    readonly aux: InsnAux,
    readonly features: VerifierFeatures,
    readonly formatInsn: (index: number) => string,
  ) {
    this.explored = new Array(insns.length);
  }

  verbose(s: string): void {
    this.log.write(s);
  }

  get level1(): boolean {
    return (this.log.level & 3) !== 0;
  }

  get level2(): boolean {
    return (this.log.level & 2) !== 0;
  }

  reject(errno: string, message?: string): never {
    if (message !== undefined) this.verbose(message);
    throw new VerifierReject(errno);
  }

  markRegScratched(regno: number): void {
    this.scratchedRegs |= 1 << regno;
  }

  markStateScratched(): void {
    this.scratchedRegs = 0x7ff;
    this.scratchedSlots = (1n << 64n) - 1n;
  }

  updatePeakStates(): void {
    const cur = this.exploredStatesSize + this.freeListSize;
    if (cur > this.peakStates) this.peakStates = cur;
  }
}
