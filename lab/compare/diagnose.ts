/**
 * Diagnosis rules are data: each has a stable code, a test on the result (errno together with the
 * log's reason line and the kernel version, never errno alone), and a message in plain words.
 * The first matching rule of each code is reported; LOG_OVERFLOW and MEMLOCK explain the errors
 * that tools such as Slurm misattribute.
 */
import type { Diagnosis, LoadOptions, LoadResult } from "../backend.js";
import { isAtLeast } from "./kernel-version.js";
import { reasonLine } from "./reason-line.js";

export interface DiagnoseContext {
  request: Pick<LoadOptions, "logLevel" | "logSize" | "memlockRlimit">;
  /** set by the runner when the agent's feature probe says the kernel lacks what the program needs */
  unsupported?: string | null;
}

interface Rule {
  code: string;
  applies(result: LoadResult, context: DiagnoseContext, reason: string | null): boolean;
  message(result: LoadResult, context: DiagnoseContext, reason: string | null): string;
}

const TOO_LARGE = /^BPF program is too large/;
const TOO_MANY_JUMPS = /^The sequence of \d+ jumps is too complex/;

export const RULES: readonly Rule[] = [
  {
    code: "UNSUPPORTED",
    applies: (_r, c) => Boolean(c.unsupported),
    message: (r, c) => `kernel ${r.kernel.release} lacks ${c.unsupported}: this cell is skipped, not failed`,
  },
  {
    code: "LOG_OVERFLOW",
    applies: (r, c) => r.errno === "ENOSPC" && c.request.logLevel > 0 && c.request.logSize > 0,
    message: (r, c) => describeLogOverflow(r, c),
  },
  {
    code: "MEMLOCK",
    applies: (r, c, reason) =>
      r.errno === "EPERM" &&
      !isAtLeast(r.kernel.release, 5, 11) &&
      (c.request.memlockRlimit != null || reason === null),
    message: (r, c) =>
      `the load failed with EPERM because kernel ${r.kernel.release} (< 5.11) charges BPF programs and maps to RLIMIT_MEMLOCK` +
      (c.request.memlockRlimit != null ? `, which was ${c.request.memlockRlimit} bytes` : "") +
      `; raise it (ulimit -l, LimitMEMLOCK=) or run on >= 5.11, where the memory cgroup is charged instead`,
  },
  {
    code: "COMPLEXITY",
    applies: (r, _c, reason) =>
      reason !== null && ((r.errno === "E2BIG" && TOO_LARGE.test(reason)) || TOO_MANY_JUMPS.test(reason)),
    message: (r, _c, reason) =>
      `the verifier gave up on the program's complexity (${r.errno}): "${reason}"; ` +
      `fewer branches or bounded loops bring it under the limit`,
  },
  {
    code: "VERIFIER_REJECT",
    applies: (r, _c, reason) =>
      r.verdict === "rejected" &&
      reason !== null &&
      (r.errno === "EACCES" || r.errno === "EINVAL") &&
      !TOO_MANY_JUMPS.test(reason),
    message: (r, _c, reason) => `the verifier rejected the program (${r.errno}): "${reason}"`,
  },
];

export function diagnose(result: LoadResult, context: DiagnoseContext): Diagnosis[] {
  const reason = result.log ? reasonLine(result.log) : null;
  const out: Diagnosis[] = [];
  for (const rule of RULES) {
    if (rule.applies(result, context, reason))
      out.push({ code: rule.code, message: rule.message(result, context, reason) });
  }
  return out;
}

function describeLogOverflow(r: LoadResult, c: DiagnoseContext): string {
  const needed =
    r.logTrueSize !== null && r.logTrueSize > c.request.logSize
      ? `it needed ${r.logTrueSize} bytes`
      : "it filled";
  const memcg = isAtLeast(r.kernel.release, 5, 11)
    ? `MEMLOCK is not the cause: since 5.11 BPF memory is charged to the memory cgroup, not RLIMIT_MEMLOCK. `
    : "";
  return (
    `the program is otherwise fine, but the verifier log outgrew the caller's ${c.request.logSize}-byte buffer at log level ` +
    `${c.request.logLevel} (${needed}), so the kernel returned ENOSPC. ${memcg}` +
    `Fixes: load with log level 0, a larger log buffer, or retry with one after ENOSPC.`
  );
}
