/**
 * The model backend: `load()` answers as the kernel of the profile would, from the verifier model
 * (lab/model/verifier) and the profile's log buffer era. Pure computation; the wall clock that
 * times the model's own verification is passed in (default: performance.now, which Node and
 * browsers both have without an import).
 *
 * Stats: the model always knows them. `statsSource` is "log" when the returned log carries the
 * stats line (what a kernel caller could read), and null otherwise (level 0, or a truncated log);
 * the stats are filled in either way, since recovering them needs no second load for the model.
 */
import { type Arch, type Backend, emptyStats, type LoadRequest, type LoadResult } from "../backend.js";
import { diagnose } from "../compare/diagnose.js";
import { LabError } from "../errors.js";
import { type FeatureName, type Profile, resolveProfile } from "./profiles/index.js";
import { bpfCheck } from "./verifier/bpf-check.js";
import { HOST_FEATURES, type VerifierFeatures } from "./verifier/features.js";
import { createLogBuffer, logEraOf } from "./verifier/log-buffer.js";
import { printStyleOf } from "./verifier/print-state.js";

export interface ModelBackendOptions {
  /** a kernel version, a line id or "host" [host] */
  kernel?: string;
  arch?: Arch;
  /** +name,-name toggles */
  features?: string;
  /** the wall clock in milliseconds */
  clock?: () => number;
}

const STATS_LINE =
  /processed \d+ insns \(limit \d+\) max_states_per_insn \d+ total_states \d+ peak_states \d+ mark_read \d+\n?$/;

/**
 * The verifier's switches from the profile's features (and its errno table) alone: a line is a
 * feature list, so `--features +x,-y` reaches every switch. Where one switch stands for several
 * kernel changes (the 6.13-6.18 bounds work, BPF_NEG/BPF_END tracking), a line lacking any of
 * them gets the older behaviour of all (features.ts says which).
 */
export function verifierFeaturesOf(profile: Profile): VerifierFeatures {
  const has = (name: FeatureName): boolean => profile.features.has(name);
  const legacyBounds = !has("range_refine_v2");
  const bounds2025 =
    has("alu_mul_signed_ranges") &&
    has("alu_add_sub_wrap_ranges") &&
    has("bounds_s32_refine_simplified") &&
    has("bounds_tnum_step");
  return {
    ...HOST_FEATURES,
    printStyle: printStyleOf(profile.features),
    readMarks: has("liveness_read_marks"),
    liveRegsAnalysis: has("log_live_regs_table"),
    returnPrecision: has("retval_precise"),
    peakStatesMax: has("peak_states_max"),
    legacyBounds,
    legacyPrecision: !has("precision_backtrack_frames"),
    precisionAtLevel1: !has("log_precision_level2"),
    precisionBackport: has("precision_backport"),
    alignedInsnState: has("print_insn_state_aligned"),
    pruneAtBranches: has("prune_points_at_branches"),
    bounds612: !legacyBounds && !bounds2025,
    bounds510: !has("bound_offset_subreg_from_64"),
    negEndTracking: has("alu_neg_ranges") && has("alu_bswap_ranges"),
    sanityCheck: !has("reg_bounds_sanity_check") ? "none" : has("verifier_bug_prefix") ? "prefixed" : "plain",
    forkScalars: has("alu_fork_sign_scalars"),
    oldTnumMul: !has("tnum_mul_long"),
    addConstLink64Only: has("linked_regs_add_const") && !has("linked_regs_add_const_alu32"),
    linkedRegsHistory: has("linked_regs_precision"),
    linkedRegsLiveOnly: has("linked_regs_live_only"),
    linkedRegsDeltaSync: has("linked_regs_delta_sync"),
    linkedRegsScratch: has("linked_regs_scratch_sync"),
    disasmKernel: profile.printer,
    jmpSeqErrno: profile.errnoFor("jmp_seq_too_complex"),
    stCtxAllowed: has("st_ctx_allowed"),
    skbTstampType: has("skb_tstamp_type"),
    jsetForgetRanges: has("jset_forget_ranges"),
    retvalRangeBounds: profile.features.has("retval_range_bounds"),
    jmpCheckDstFirst: profile.features.has("jmp_check_dst_first"),
    stackSpillAnyScalar: has("stack_spill_any_scalar"),
    stackZeroImprecise: has("stack_zero_imprecise"),
    stackReadAnyDepth: has("stack_read_any_depth"),
    stackReadScratch: has("stack_read_scratch"),
    stackLivenessPass: has("log_stack_liveness_updates"),
    backtrackIterationFix: has("backtrack_insn_iteration_fix"),
    linkedKeepSubregDef: has("linked_regs_keep_subreg_def"),
    lsh32SextAnySign: has("lsh32_sext_any_sign"),
    hmaTnumMul: !has("tnum_mul_v2"),
    backtrackEndNeg: has("backtrack_end_neg"),
    ctxPtrNarrowReject: has("ctx_ptr_narrow_reject"),
    stxReservedInDoCheck: has("stx_reserved_in_do_check"),
  };
}

export async function createModelBackend(options: ModelBackendOptions = {}): Promise<Backend> {
  const profile = resolveProfile(options.kernel ?? "host", options.features);
  const arch: Arch = options.arch ?? "x86_64";
  const clock = options.clock ?? (() => globalThis.performance.now());
  const identity = {
    release: options.kernel ?? "host",
    arch,
    profile: profile.id,
    modelOnly: profile.modelOnly,
  };
  return {
    name: "model",
    identity: async () => identity,
    load: async (request) => loadWithModel(request, profile, identity, clock),
    close: async () => {},
  };
}

/** The model's answer before diagnosis. */
function answerWithModel(
  request: LoadRequest,
  profile: Profile,
  kernel: LoadResult["kernel"],
  clock: () => number,
): LoadResult {
  const progType = request.progType ?? request.program.progType;
  if (!progType) {
    throw new LabError(
      "LAB_ARGS_INVALID",
      `program ${request.program.name} has no program type; give --prog-type`,
      {
        where: { value: request.program.name },
      },
    );
  }
  const base: LoadResult = {
    backend: "model",
    kernel,
    verdict: "rejected",
    errno: null,
    log: "",
    logTrueSize: null,
    stats: emptyStats(),
    statsSource: null,
    diagnosis: [],
  };
  if ((request.logLevel === 0) !== (request.logSize === 0) || request.logLevel > 15 || request.logLevel < 0) {
    return { ...base, errno: profile.errnoFor("log_attr_invalid") };
  }
  const memlock = memlockRejection(request, profile);
  if (memlock) return { ...base, errno: memlock };
  const log = createLogBuffer({
    level: request.logLevel,
    size: request.logSize,
    era: logEraOf(profile.features),
  });
  const started = clock();
  const result = bpfCheck({
    insns: request.program.insns,
    progType,
    logLevel: request.logLevel,
    logSize: request.logSize,
    log,
    features: verifierFeaturesOf(profile),
    verificationTimeUs: () => Math.round((clock() - started) * 1000),
  });
  const timeUs = Math.round((clock() - started) * 1000);
  const outcome = log.finish();
  // A kernel before 6.4 stops logging once the buffer is full and never says what it needed; the
  // model does: the same check once more into an unbounded log gives the size (CONTRACT.md).
  const trueSize = outcome.trueSize ?? neededLogSize(request, progType, profile);
  // the log outcome wins over the verifier's own error, as bpf_vlog_finalize does in bpf_check
  const errno = outcome.enospc ? "ENOSPC" : result.errno;
  const inLog = STATS_LINE.test(outcome.log);
  return {
    ...base,
    verdict: errno === null ? "accepted" : "rejected",
    errno,
    log: outcome.log,
    logTrueSize: trueSize,
    stats: { ...result.stats, verificationTimeUs: timeUs },
    statsSource: inLog ? "log" : null,
  };
}

/** The log size an unbounded buffer reaches (NUL included), for eras whose kernels do not report it. */
function neededLogSize(request: LoadRequest, progType: string, profile: Profile): number {
  const log = createLogBuffer({ level: request.logLevel, size: 2 ** 31 - 1, era: "rotating" });
  bpfCheck({
    insns: request.program.insns,
    progType,
    logLevel: request.logLevel,
    logSize: 2 ** 31 - 1,
    log,
    features: verifierFeaturesOf(profile),
    verificationTimeUs: () => 0,
  });
  return log.finish().trueSize ?? 0;
}

/** sizeof(struct bpf_prog) on 64-bit 5.10, rounded up: the header bpf_prog_size() adds to the insns */
const BPF_PROG_HEADER = 72;
const PAGE = 4096;

/**
 * Before 5.11 a program's pages (and its maps') are charged to RLIMIT_MEMLOCK before the verifier
 * runs: over the limit the load fails with EPERM and an empty log. The model charges this load
 * alone (a real kernel adds what the same user already holds), so it answers exactly at limit 0
 * and for programs larger than the limit.
 */
function memlockRejection(request: LoadRequest, profile: Profile): "EPERM" | null {
  if (!profile.features.has("memlock_charge") || request.memlockRlimit == null) return null;
  const progPages = Math.ceil((BPF_PROG_HEADER + request.program.insns.length * 8) / PAGE);
  const mapPages = request.program.maps.reduce(
    (sum, m) => sum + Math.ceil(((m.keySize + m.valueSize) * m.maxEntries) / PAGE) + 1,
    0,
  );
  return (progPages + mapPages) * PAGE > request.memlockRlimit ? "EPERM" : null;
}

/** What the model's kernel answers to one load, diagnosed like every backend's result. */
export function loadWithModel(
  request: LoadRequest,
  profile: Profile,
  kernel: LoadResult["kernel"],
  clock: () => number,
): LoadResult {
  const result = answerWithModel(request, profile, kernel, clock);
  return { ...result, diagnosis: diagnose(result, { request }) };
}
