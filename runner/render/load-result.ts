/** Human rendering of one LoadResult for the terminal. */
import type { LoadResult } from "../../lab/backend.js";
import type { Output } from "../output.js";

export function renderLoadResult(result: LoadResult, out: Output): string {
  const lines: string[] = [];
  const who = `${result.backend} ${result.kernel.release} ${result.kernel.arch}`;
  const profile = result.kernel.profile
    ? ` (profile ${result.kernel.profile}${result.kernel.modelOnly ? ", model-only" : ""})`
    : "";
  const verdict =
    result.verdict === "accepted"
      ? out.paint("green", "accepted")
      : out.paint("red", `rejected ${result.errno ?? ""}`.trim());
  lines.push(`${who}${profile}: ${verdict}`);
  const s = result.stats;
  if (s.processed !== null) {
    const source = result.statsSource === "reload" ? " (recovered by a level-4 reload)" : "";
    lines.push(
      `  processed ${s.processed} insns, total_states ${s.totalStates}, peak_states ${s.peakStates}, mark_read ${s.markRead}${source}`,
    );
  }
  if (result.logTrueSize !== null)
    lines.push(`  log: ${Buffer.byteLength(result.log)} bytes returned, ${result.logTrueSize} needed`);
  for (const d of result.diagnosis) lines.push(`  ${out.paint("yellow", d.code)}: ${d.message}`);
  if (result.log) {
    lines.push(out.paint("dim", "  --- verifier log ---"));
    const logLines = result.log.replace(/\n$/, "").split("\n");
    const shown =
      logLines.length > 40
        ? [...logLines.slice(0, 20), `... ${logLines.length - 40} lines ...`, ...logLines.slice(-20)]
        : logLines;
    for (const l of shown) lines.push(`  ${l}`);
  }
  return lines.join("\n");
}
