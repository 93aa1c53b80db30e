/** The work behind `lab load`: read the program, open the backend, load (backends diagnose). */

import { hostArch } from "../lab/arch.js";
import type { Arch, LoadResult } from "../lab/backend.js";
import { openBackend } from "../lab/backends.js";
import { LabError } from "../lab/errors.js";
import { readProgramFile } from "../lab/programs/read.js";
import type { LoadCliOptions } from "./commands/load.js";

export const DEFAULT_LOG_SIZE = 16 * 1024 * 1024;

export async function runLoad(path: string, options: LoadCliOptions): Promise<LoadResult> {
  const programs = await readProgramFile(path, { section: options.section, prog: options.prog });
  const program = pickProgram(programs, path);
  const backend = await openBackend(options.backend, {
    kernel: options.kernel,
    arch: defaultArch(options.arch),
    features: options.features,
    accel: options.accel,
  });
  try {
    const logSize = options.logSize ?? (options.logLevel > 0 ? DEFAULT_LOG_SIZE : 0);
    const request = {
      program,
      progType: options.progType,
      logLevel: options.logLevel,
      logSize,
      statsReload: options.statsReload,
      memlockRlimit: options.memlock ?? null,
    };
    return await backend.load(request);
  } finally {
    await backend.close();
  }
}

export function defaultArch(arch: Arch | undefined): Arch {
  return arch ?? hostArch();
}

/** One program out of a file: the only one, or an error listing the names. */
export function pickProgram<T extends { name: string }>(programs: T[], origin: string): T {
  if (programs.length === 1) return programs[0]!;
  if (programs.length === 0) {
    throw new LabError("LAB_PROGRAM_INVALID", `${origin} holds no BPF program`, { where: { file: origin } });
  }
  throw new LabError(
    "LAB_ARGS_INVALID",
    `${origin} holds ${programs.length} programs (${programs.map((p) => p.name).join(", ")}); pick one with --prog or --section`,
    { where: { file: origin } },
  );
}
