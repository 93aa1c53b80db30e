/**
 * The self-contained HTML report: summary sentences and three charts in inline SVG (no network):
 * a verdict heat map per loader (target x parameter value), log bytes needed against the
 * parameter per target with the caller's buffer as a line, and model-vs-kernel agreement.
 */
import type { CellRecord } from "../cells.js";
import { computeFindings, numericParam, targetLabel } from "./findings.js";
import { escapeXml } from "./junit.js";
import { headline, narrate } from "./narrative.js";
import { barChart, colorAt, type HeatCell, heatMap, lineChart, type Series } from "./svg.js";

const VERDICT_COLOR: Record<string, string> = {
  accepted: "#2ca02c",
  rejected: "#d62728",
  skip: "#c7c7c7",
  error: "#7f7f7f",
};

export function renderHtml(title: string, records: readonly CellRecord[]): string {
  const f = computeFindings(records);
  const sections: string[] = [];
  sections.push(`<h1>${escapeXml(title)}</h1>`);
  sections.push(
    `<p class="counts">${records.length} cells: ${f.counts.pass} pass, ${f.counts.fail} fail, ${f.counts.skip} skip, ${f.counts.error} error</p>`,
  );
  const list = (lines: string[]) => lines.map((l) => `<li>${escapeXml(l)}</li>`).join("");
  sections.push(`<h2>Summary</h2><ul class="summary">${list(headline(f))}</ul>`);
  sections.push(`<h2>Details</h2><ul class="details">${list(narrate(f))}</ul>`);
  for (const loader of unique(records.map((r) => r.cell.loader))) {
    const list = records.filter((r) => r.cell.loader === loader);
    sections.push(`<h2>Verdicts — loader ${escapeXml(loader)}</h2>${verdictHeatMap(list)}`);
    const chart = logBytesChart(list);
    if (chart) sections.push(`<h2>Log bytes needed — loader ${escapeXml(loader)}</h2>${chart}`);
  }
  if (f.agreements.length) {
    sections.push(
      `<h2>Model vs kernel agreement</h2>${barChart(f.agreements.map((a) => ({ label: a.target, value: a.agreed, max: a.compared })))}`,
    );
  }
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeXml(title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2em;max-width:72em;color:#222}h2{margin-top:1.6em;font-size:1.15em}
ul.summary li{margin:.3em 0}svg{display:block;margin:.5em 0}.legend span{display:inline-block;margin-right:1em}
.legend i{display:inline-block;width:.8em;height:.8em;margin-right:.3em;vertical-align:middle}</style></head>
<body>
${sections.join("\n")}
<p class="legend">${Object.entries(VERDICT_COLOR)
    .map(([k, c]) => `<span><i style="background:${c}"></i>${k}</span>`)
    .join("")}</p>
</body></html>
`;
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

function verdictHeatMap(records: readonly CellRecord[]): string {
  const rows = unique(records.map(targetLabel));
  const cols = unique(records.map((r) => String(numericParam(r)?.[1] ?? r.cell.program))).sort(
    (a, b) => Number(a) - Number(b) || a.localeCompare(b),
  );
  const cells: HeatCell[] = records.map((r) => {
    const verdict = r.result?.verdict ?? (r.status === "skip" ? "skip" : "error");
    const col = String(numericParam(r)?.[1] ?? r.cell.program);
    return {
      row: rows.indexOf(targetLabel(r)),
      col: cols.indexOf(col),
      color: VERDICT_COLOR[verdict] ?? "#000",
      title: `${r.cell.id}: ${verdict}${r.result?.errno ? ` ${r.result.errno}` : ""}`,
    };
  });
  return heatMap(rows, cols, cells);
}

function logBytesChart(records: readonly CellRecord[]): string | null {
  const withSize = records.filter((r) => r.result?.logTrueSize != null && numericParam(r));
  // a loader without a log (level 0) needs no bytes: nothing to draw
  if (!withSize.some((r) => r.result!.logTrueSize! > 0)) return null;
  const series: Series[] = unique(withSize.map(targetLabel)).map((label, i) => ({
    label,
    color: colorAt(i),
    points: withSize
      .filter((r) => targetLabel(r) === label)
      .map((r) => [numericParam(r)![1], r.result!.logTrueSize!]),
  }));
  const buffer = withSize[0]!.cell.logSize;
  const param = numericParam(withSize[0]!)![0];
  return lineChart(series, {
    xLabel: param,
    yLabel: "log bytes needed",
    hline: buffer > 0 ? { y: buffer, label: `caller's buffer ${buffer} B` } : undefined,
  });
}
