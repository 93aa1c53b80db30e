/**
 * bpf_check for the model: the passes in the kernel's order (subprogs, cfg, live registers, the
 * walk), then the stats line, returning the verdict, the errno and the log stream. Pure: the
 * caller supplies nothing but the program and the options.
 */
import { formatInsn } from "../../isa/disasm.js";
import type { Insn } from "../../isa/insn.js";
import { checkCfg, checkLdimm64Fields, checkSubprogs, computeLiveRegisters, newInsnAux } from "./cfg.js";
import { doCheck } from "./do-check.js";
import { VerifierEnv, VerifierReject } from "./env.js";
import { HOST_FEATURES, type VerifierFeatures } from "./features.js";
import { setJsetForgetRanges } from "./jmp-legacy.js";
import { BPF_LOG_STATS, createLogBuffer, type VerifierLogBuffer } from "./log-buffer.js";
import { setLegacyBounds } from "./reg-state.js";
import { setLegacyBitops, setLsh32SextAnySign, setOldArith } from "./scalar-ops.js";
import { VerifierState } from "./state.js";
import { setOldTnumMul } from "./tnum.js";

export interface CheckRequest {
  insns: readonly Insn[];
  progType: string;
  logLevel: number;
  /** the user buffer's size */
  logSize: number;
  /** the kernel era's log buffer; default: rotating (>= 6.4) of logSize bytes */
  log?: VerifierLogBuffer;
  features?: VerifierFeatures;
  /** microseconds, for the level-4 `verification time` line */
  verificationTimeUs?: () => number;
}

export interface CheckStats {
  processed: number;
  totalStates: number;
  peakStates: number;
  maxStatesPerInsn: number;
  markRead: number;
}

export interface CheckResult {
  /** null when accepted */
  errno: string | null;
  log: VerifierLogBuffer;
  stats: CheckStats;
}

export function bpfCheck(req: CheckRequest): CheckResult {
  const features = req.features ?? HOST_FEATURES;
  const log = req.log ?? createLogBuffer({ level: req.logLevel, size: req.logSize, era: "rotating" });
  const aux = newInsnAux(req.insns.length);
  const kernel = features.disasmKernel;
  const env = new VerifierEnv(req.insns, req.progType, log, aux, features, (i) =>
    formatInsn(req.insns, i, { kernel }),
  );
  let errno: string | null = null;
  setLegacyBounds(features.legacyBounds, features.bounds612, features.bounds510);
  setLegacyBitops(features.legacyBounds);
  setOldArith(features.legacyBounds || features.bounds612);
  setLsh32SextAnySign(features.lsh32SextAnySign);
  setJsetForgetRanges(features.jsetForgetRanges);
  setOldTnumMul(features.oldTnumMul, features.hmaTnumMul);
  try {
    checkSubprogs(env);
    checkLdimm64Fields(env);
    checkCfg(env, env.bpfCapable);
    computeLiveRegisters(env, features.liveRegsAnalysis);
    env.cur = VerifierState.initial();
    env.markStateScratched();
    doCheck(env);
    // a successful walk leaves no per-path trace at level 1 (do_check_common)
    if (!(req.logLevel & 2)) log.reset(0);
    // convert_ctx_accesses: a ctx load with no rewrite
    if (env.ctxUnconverted) env.reject("EINVAL", "bpf verifier is misconfigured\n");
  } catch (e) {
    if (!(e instanceof VerifierReject)) throw e;
    errno = e.errno;
  }
  if (req.logLevel & BPF_LOG_STATS) {
    env.verbose(`verification time ${req.verificationTimeUs?.() ?? 0} usec\n`);
    env.verbose("stack depth 0\n");
  }
  env.verbose(
    `processed ${env.insnProcessed} insns (limit 1000000) max_states_per_insn ${env.maxStatesPerInsn} total_states ${env.totalStates} peak_states ${env.peakStates} mark_read ${env.longestMarkReadWalk}\n`,
  );
  return {
    errno,
    log,
    stats: {
      processed: env.insnProcessed,
      totalStates: env.totalStates,
      peakStates: env.peakStates,
      maxStatesPerInsn: env.maxStatesPerInsn,
      markRead: env.longestMarkReadWalk,
    },
  };
}
