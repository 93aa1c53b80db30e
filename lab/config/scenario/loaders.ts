/** Scenario loaders: the load options each loader passes to bpf(), with the lab's defaults. */
import type { LoadOptions } from "../../backend.js";
import { parseSize } from "../scalars.js";
import { report, type Stage } from "../stage.js";
import type { ScenarioLoader, ScenarioProgram } from "../types.js";

export const DEFAULT_LOG_SIZE = 16 * 1024 * 1024;

export interface RawLoader {
  id: string;
  description?: string;
  log_level?: number;
  log_size?: number | string;
  memlock_rlimit?: number | string;
  stats_reload?: boolean;
  prog_flags?: number;
}

export function normalizeLoaders(raw: RawLoader[] | undefined, stage: Stage): ScenarioLoader[] {
  if (raw === undefined) return [defaultLoader(stage)];
  return raw.map((loader, index) => {
    const path = ["loaders", index];
    const logLevel = loader.log_level ?? 1;
    const logSize =
      loader.log_size === undefined
        ? logLevel > 0
          ? DEFAULT_LOG_SIZE
          : 0
        : sizeOf(loader.log_size, [...path, "log_size"], stage);
    const memlock =
      loader.memlock_rlimit === undefined
        ? null
        : sizeOf(loader.memlock_rlimit, [...path, "memlock_rlimit"], stage);
    if (logSize > 0xffffffff)
      report(stage, [...path, "log_size"], "the kernel's log_size is 32 bits: at most 4G - 1");
    return {
      id: loader.id,
      description: loader.description ?? "",
      logLevel,
      logSize,
      memlockRlimit: memlock,
      statsReload: loader.stats_reload ?? true,
      progFlags: loader.prog_flags ?? 0,
      where: stage.positions.of(path),
    };
  });
}

function defaultLoader(stage: Stage): ScenarioLoader {
  return {
    id: "default",
    description: "the lab's defaults",
    logLevel: 1,
    logSize: DEFAULT_LOG_SIZE,
    memlockRlimit: null,
    statsReload: true,
    progFlags: 0,
    where: stage.positions.root,
  };
}

function sizeOf(value: number | string, path: Array<string | number>, stage: Stage): number {
  const bytes = parseSize(value);
  if (bytes === null) {
    report(stage, path, `${JSON.stringify(value)} is not a size in bytes`);
    return 0;
  }
  return bytes;
}

/** the Backend's LoadOptions for a program loaded by a loader */
export function loadOptionsFor(program: ScenarioProgram, loader: ScenarioLoader): LoadOptions {
  return {
    ...(program.progType === null ? {} : { progType: program.progType }),
    ...(program.expectedAttachType === null ? {} : { expectedAttachType: program.expectedAttachType }),
    logLevel: loader.logLevel,
    logSize: loader.logSize,
    progFlags: loader.progFlags,
    memlockRlimit: loader.memlockRlimit,
    statsReload: loader.statsReload,
  };
}
