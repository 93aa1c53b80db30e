/**
 * The statistics veristat knows, with its names, aliases and table headers, so that a veristat
 * user's `-e`/`-s`/`-f` specs and CSV files work unchanged with `lab stat` and `lab compare`.
 */
import type { LoadResult } from "../../backend.js";
import { LabError } from "../../errors.js";

export type StatId =
  | "file_name"
  | "prog_name"
  | "verdict"
  | "duration"
  | "total_insns"
  | "total_states"
  | "peak_states"
  | "max_states_per_insn"
  | "mark_read";

export interface StatDef {
  id: StatId;
  header: string;
  names: string[];
  key: boolean;
}

export const STAT_DEFS: readonly StatDef[] = [
  { id: "file_name", header: "File", names: ["file_name", "filename", "file"], key: true },
  { id: "prog_name", header: "Program", names: ["prog_name", "progname", "prog"], key: true },
  { id: "verdict", header: "Verdict", names: ["verdict"], key: false },
  { id: "duration", header: "Duration (us)", names: ["duration", "dur"], key: false },
  { id: "total_insns", header: "Insns", names: ["total_insns", "insns"], key: false },
  { id: "total_states", header: "States", names: ["total_states", "states"], key: false },
  { id: "peak_states", header: "Peak states", names: ["peak_states"], key: false },
  { id: "max_states_per_insn", header: "Max states per insn", names: ["max_states_per_insn"], key: false },
  { id: "mark_read", header: "Max mark read length", names: ["max_mark_read_len", "mark_read"], key: false },
];

export const DEFAULT_SPEC: readonly StatId[] = [
  "file_name",
  "prog_name",
  "verdict",
  "duration",
  "total_insns",
  "total_states",
  "peak_states",
];

/** One row: a program's verdict and counters. Missing numbers are null (e.g. a truncated log). */
export interface StatRow {
  file_name: string;
  prog_name: string;
  verdict: "success" | "failure";
  duration: number | null;
  total_insns: number | null;
  total_states: number | null;
  peak_states: number | null;
  max_states_per_insn: number | null;
  mark_read: number | null;
}

export function statDef(id: StatId): StatDef {
  return STAT_DEFS.find((d) => d.id === id)!;
}

export function findStat(name: string): StatDef | undefined {
  return STAT_DEFS.find((d) => d.names.includes(name));
}

/** Parses an `-e` spec such as `file,prog,verdict,insns`; names are veristat's. */
export function parseStatSpec(spec: string): StatId[] {
  return spec
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((name) => {
      const def = findStat(name);
      if (!def) {
        throw new LabError(
          "LAB_ARGS_INVALID",
          `unrecognized stat name ${JSON.stringify(name)} in -e; known: ${STAT_DEFS.flatMap((d) => d.names).join(", ")}`,
          {
            where: { value: name },
          },
        );
      }
      return def.id;
    });
}

/** One load's verdict and counters as a veristat row. */
export function statRowOf(file: string, prog: string, result: LoadResult): StatRow {
  return {
    file_name: file,
    prog_name: prog,
    verdict: result.verdict === "accepted" ? "success" : "failure",
    duration: result.stats.verificationTimeUs,
    total_insns: result.stats.processed,
    total_states: result.stats.totalStates,
    peak_states: result.stats.peakStates,
    max_states_per_insn: result.stats.maxStatesPerInsn,
    mark_read: result.stats.markRead,
  };
}
