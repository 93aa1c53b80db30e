/** Writes a run's reports into a folder: Markdown, HTML, JUnit and one veristat CSV per target. */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { formatCsv } from "../../lab/compare/veristat/csv.js";
import { DEFAULT_SPEC, type StatRow, statRowOf } from "../../lab/compare/veristat/stats.js";
import { type CellRecord, formatParams } from "../cells.js";
import type { RunOutcome } from "../run/run-scenario.js";
import { writeFileAtomic } from "../write-atomic.js";
import { targetLabel } from "./findings.js";
import { renderHtml } from "./html.js";
import { renderJunit } from "./junit.js";
import { renderMarkdown } from "./markdown.js";

export function writeReports(dir: string, outcome: RunOutcome): string[] {
  mkdirSync(join(dir, "csv"), { recursive: true });
  const title = `${outcome.scenario.name} — run ${outcome.runId}`;
  const written: string[] = [];
  const put = (name: string, text: string) => {
    writeFileAtomic(join(dir, name), text);
    written.push(join(dir, name));
  };
  put("report.md", renderMarkdown(title, outcome.records));
  put("report.html", renderHtml(title, outcome.records));
  put("junit.xml", renderJunit(outcome.scenario.name, outcome.records));
  const byTarget = new Map<string, CellRecord[]>();
  for (const r of outcome.records) byTarget.set(targetLabel(r), [...(byTarget.get(targetLabel(r)) ?? []), r]);
  for (const [target, records] of byTarget) {
    put(
      join("csv", `${target.replace(/[^A-Za-z0-9._-]+/g, "_")}.csv`),
      formatCsv(records.filter((r) => r.result).map(csvRow), [...DEFAULT_SPEC, "mark_read"]),
    );
  }
  return written;
}

/** file_name/prog_name are kernel-independent so that two targets' CSVs join in `lab compare`. */
export function csvRow(r: CellRecord): StatRow {
  const params = formatParams(r.cell.params);
  return statRowOf(r.cell.program, `${params ? `${params}/` : ""}${r.cell.loader}`, r.result!);
}
