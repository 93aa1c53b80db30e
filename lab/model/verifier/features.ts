/**
 * The behaviour switches the verifier reads, one per kernel difference it models. A profile (see
 * lab/model/profiles) resolves a kernel version to a set of feature names; `featuresFromNames`
 * turns those into this record. Defaults are the host kernel's (6.18).
 */
import { type PrintStyle, printStyleOf } from "./print-state.js";

export interface VerifierFeatures {
  /** the register-state print format of the era (print-state.ts) */
  printStyle: PrintStyle;
  /** compute_live_registers (6.15+): "Live regs before insn" at level 2, liveness from it */
  liveRegsAnalysis: boolean;
  /** read-mark liveness up the parent chain (before 6.18): pruning, cleaning, `mark_read` */
  readMarks: boolean;
  /** check_return_code marks R0 precise (6.x with the retval range enforcement) */
  returnPrecision: boolean;
  /** peak_states is the maximum of explored + free-list states (6.18); before, a counter (+1 added, -1 freed) */
  peakStatesMax: boolean;
  /** 5.10-6.1 range logic for bounds, ALU ops and conditional jumps */
  legacyBounds: boolean;
  /** 5.10-6.1 is_state_visited (called at every instruction) and precision backtracking */
  legacyPrecision: boolean;
  /** backtracking lines print at level 1 too (5.10, 5.15) */
  precisionAtLevel1: boolean;
  /** the 2023 precision backport: precise marks never set in the current state */
  precisionBackport: boolean;
  /** state after an instruction appended to its line (5.17+); before, full `N:` state lines */
  alignedInsnState: boolean;
  /** prune points at conditional jumps and jump targets, history at jump points (6.3+, 6.1.y); before,
   * also after every unconditional jump, and history at every prune point */
  pruneAtBranches: boolean;
  /** bounds deduction of 6.7-6.12 (no tnum_step, extra s32 step) and add/sub/mul of 5.10-6.12 */
  bounds612: boolean;
  /** __reg_bound_offset of 5.10/5.15 (the u32 range meets the old low half of var_off) */
  bounds510: boolean;
  /** neg and byte swaps keep a tracked range (6.13+); before, the result is unknown */
  negEndTracking: boolean;
  /** reg_bounds_sanity_check: absent before 6.7; "plain" message (6.7-6.12) or "verifier bug: " prefixed */
  sanityCheck: "none" | "plain" | "prefixed";
  /** maybe_fork_scalars: a [-1, 0] register and/or a constant splits the path (6.18.y) */
  forkScalars: boolean;
  /** tnum_mul of the older algorithm (before 6.18) */
  oldTnumMul: boolean;
  /** scalar id linking after `rX += K` only for 64-bit adds of a non-negative K (6.12) */
  addConstLink64Only: boolean;
  /** linked scalars recorded in the jump history at conditional jumps and marked precise together (6.10+) */
  linkedRegsHistory: boolean;
  /** collect_linked_regs skips registers dead before the jump */
  linkedRegsLiveOnly: boolean;
  /** sync_linked_regs of a register at another delta zero-extends ADD_CONST32 links and syncs its bounds */
  linkedRegsDeltaSync: boolean;
  /** linked registers are collected before the branch is decided, and synced ones are marked scratched (7.x) */
  linkedRegsScratch: boolean;
  /** the disassembler's kernel line for instruction lines */
  disasmKernel: string;
  /** errno of "The sequence of 8193 jumps is too complex." */
  jmpSeqErrno: string;
  /** BPF_ST into the context is checked as a store (6.3+); before, refused outright */
  stCtxAllowed: boolean;
  /** struct __sk_buff has tstamp_type/hwtstamp after gso_size (5.18+); before, 4 bytes of padding */
  skbTstampType: boolean;
  /** 5.10-6.1 reg_set_min_max forgets the false branch's ranges on JSET before narrowing its tnum */
  jsetForgetRanges: boolean;
  /** the exit check compares smin/smax with [min, max] (6.8+); before, tnum_in and tnum-printed values */
  retvalRangeBounds: boolean;
  /** check_cond_jmp_op checks the destination register before the source (6.0+); before, source first */
  jmpCheckDstFirst: boolean;
  /** stack: any aligned scalar store is a spill, narrow fills, spill/fill history flags (6.8+) */
  stackSpillAnyScalar: boolean;
  /** stack: a zero read from STACK_ZERO stays imprecise (6.8+); before, it is marked precise */
  stackZeroImprecise: boolean;
  /** stack: reads may go down to -512 and grow the stack (6.1.y, 6.3+); before, bounded by the allocated stack */
  stackReadAnyDepth: boolean;
  /** stack: reads mark their slot scratched (6.8+) */
  stackReadScratch: boolean;
  /** stack slot liveness by 6.18's dataflow pass (stack-liveness.ts), logged at level 2 */
  stackLivenessPass: boolean;
  /** get_prev_insn_idx ends a state's backtracking when its history is spent (6.7, 5.10.239, 6.1.72);
   * before, backtracking stopped the first time it reached the state's first instruction */
  backtrackIterationFix: boolean;
  /** find_equal_scalars/sync_linked_regs keep the synced register's subreg_def (6.12, 5.10.232, 6.1.121) */
  linkedKeepSubregDef: boolean;
  /** `<<= 32` takes smin/smax from negative s32 bounds too (6.19, 5.10.252, 6.1.165, 6.12.75, 6.18.y) */
  lsh32SextAnySign: boolean;
  /** tnum_mul by two half-multiply-accumulate passes (hma), before 5.14's algorithm */
  hmaTnumMul: boolean;
  /** backtracking handles BPF_END/BPF_NEG as dst-only (6.7, stable backports); before, `be` added r0 */
  backtrackEndNeg: boolean;
  /** __sk_buff's `sk` bytes 169-175 are invalid (2025 fix); before, narrow reads there were u32 fields */
  ctxPtrNarrowReject: boolean;
  /** BPF_STX mode/imm checked in the walk (5.12+); before, in the ld_imm64 pass ahead of the cfg check */
  stxReservedInDoCheck: boolean;
}

export const HOST_FEATURES: VerifierFeatures = {
  printStyle: printStyleOf(
    new Set(["print_scalar_keyword", "print_compact_reg_state", "print_scratched_only"]),
  ),
  liveRegsAnalysis: true,
  readMarks: false,
  returnPrecision: true,
  peakStatesMax: true,
  legacyBounds: false,
  legacyPrecision: false,
  precisionAtLevel1: false,
  precisionBackport: true,
  alignedInsnState: true,
  pruneAtBranches: true,
  bounds612: false,
  bounds510: false,
  negEndTracking: true,
  sanityCheck: "prefixed",
  forkScalars: true,
  oldTnumMul: false,
  addConstLink64Only: false,
  linkedRegsHistory: true,
  linkedRegsLiveOnly: true,
  linkedRegsDeltaSync: true,
  linkedRegsScratch: false,
  disasmKernel: "6.18",
  jmpSeqErrno: "EFAULT",
  stCtxAllowed: true,
  skbTstampType: true,
  jsetForgetRanges: true,
  retvalRangeBounds: true,
  jmpCheckDstFirst: true,
  stackSpillAnyScalar: true,
  stackZeroImprecise: true,
  stackReadAnyDepth: true,
  stackReadScratch: true,
  stackLivenessPass: true,
  backtrackIterationFix: true,
  linkedKeepSubregDef: true,
  lsh32SextAnySign: true,
  hmaTnumMul: false,
  backtrackEndNeg: true,
  ctxPtrNarrowReject: true,
  stxReservedInDoCheck: true,
};
