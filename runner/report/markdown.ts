/** The Markdown report: summary sentences, thresholds table, agreement, failed/errored cells. */
import type { CellRecord } from "../cells.js";
import { computeFindings } from "./findings.js";
import { headline, narrate } from "./narrative.js";

export function renderMarkdown(title: string, records: readonly CellRecord[]): string {
  const f = computeFindings(records);
  const out: string[] = [`# ${title}`, ""];
  out.push(
    `${records.length} cells: ${f.counts.pass} pass, ${f.counts.fail} fail, ${f.counts.skip} skip, ${f.counts.error} error.`,
    "",
  );
  out.push(
    "## Summary",
    "",
    ...headline(f).map((l) => `- ${l}`),
    "",
    "## Details",
    "",
    ...narrate(f).map((l) => `- ${l}`),
    "",
  );
  out.push(
    "## Thresholds",
    "",
    "| target | loader | program | first failing | failing/total | errno | diagnosis |",
    "|---|---|---|---|---|---|---|",
  );
  for (const t of f.thresholds) {
    const first =
      t.firstFailing === null ? "—" : `${t.param}=${t.firstFailing}${t.monotonic ? "" : " (no threshold)"}`;
    out.push(
      `| ${t.target}${t.modelOnly ? " (model-only)" : ""} | ${t.loader} | ${t.program} | ${first} | ${t.failing}/${t.total} | ${t.errnos.join(" ") || "—"} | ${t.diagnoses.join(" ") || "—"} |`,
    );
  }
  const bad = records.filter((r) => r.status === "fail" || r.status === "error");
  if (bad.length) {
    out.push("", "## Failed expectations and errors", "");
    for (const r of bad.slice(0, 50)) {
      const why =
        r.status === "error"
          ? `${r.errorCode}: ${r.reason}`
          : r.expectations
              .filter((e) => !e.ok)
              .map((e) => `${e.rule}: ${e.message}`)
              .join("; ");
      out.push(`- \`${r.cell.id}\` ${r.status}: ${why}`);
    }
    if (bad.length > 50) out.push(`- ... ${bad.length - 50} more`);
  }
  return `${out.join("\n")}\n`;
}
