/**
 * The verifier's reason for a rejection is the last line of the log that is not a statistics line.
 * A truncated log (buffer full before 6.4) may not carry it.
 */
const STATS_LINE = /^(processed \d+ insns|verification time \d+ usec|stack depth |max_states_per_insn )/;

export function reasonLine(log: string): string | null {
  const lines = log.split("\n");
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!.replace(/\0+$/, "").trim();
    if (line === "" || STATS_LINE.test(line)) continue;
    return line;
  }
  return null;
}
