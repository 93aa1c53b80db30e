/**
 * Verifier statistics from a kernel's log text: the final
 * `processed N insns (limit N) max_states_per_insn N total_states N peak_states N mark_read N`
 * line, and at log level 4 `verification time N usec`. Pure. Returns null when the log has no
 * processed line (the log was truncated, or the level did not ask for it).
 */
import type { VerifierStats } from "../backend.js";

const PROCESSED =
  /^processed (\d+) insns \(limit \d+\)(?: max_states_per_insn (\d+))?(?: total_states (\d+))?(?: peak_states (\d+))?(?: mark_read (\d+))?/;
const TIME = /^verification time (\d+) usec$/;

export function parseVerifierStats(log: string): VerifierStats | null {
  const lines = log.split("\n");
  let stats: VerifierStats | null = null;
  let time: number | null = null;
  for (let i = lines.length - 1; i >= 0 && (stats === null || time === null); i--) {
    const line = lines[i]!;
    if (time === null) {
      const t = TIME.exec(line);
      if (t) {
        time = Number(t[1]);
        continue;
      }
    }
    if (stats === null) {
      const m = PROCESSED.exec(line);
      if (m) stats = statsOf(m);
    }
  }
  if (stats) stats.verificationTimeUs = time;
  return stats;
}

function statsOf(m: RegExpExecArray): VerifierStats {
  const num = (s: string | undefined) => (s === undefined ? null : Number(s));
  return {
    processed: Number(m[1]),
    maxStatesPerInsn: num(m[2]),
    totalStates: num(m[3]),
    peakStates: num(m[4]),
    markRead: num(m[5]),
    verificationTimeUs: null,
  };
}
