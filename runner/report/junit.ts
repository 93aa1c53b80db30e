/** JUnit XML: one testsuite per target, one testcase per cell. */
import type { CellRecord } from "../cells.js";
import { targetLabel } from "./findings.js";

export function escapeXml(text: string): string {
  return (
    text
      .replace(
        /[<>&"']/g,
        (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]!,
      )
      // XML 1.0 forbids most control characters, which verifier logs never need
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "")
  );
}

export function renderJunit(name: string, records: readonly CellRecord[]): string {
  const suites = new Map<string, CellRecord[]>();
  for (const r of records) {
    const key = targetLabel(r);
    suites.set(key, [...(suites.get(key) ?? []), r]);
  }
  const out = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="${escapeXml(name)}" tests="${records.length}">`,
  ];
  for (const [suite, list] of suites) {
    const failures = list.filter((r) => r.status === "fail").length;
    const errors = list.filter((r) => r.status === "error").length;
    const skipped = list.filter((r) => r.status === "skip").length;
    const time = list.reduce((s, r) => s + r.durationMs, 0) / 1000;
    out.push(
      `  <testsuite name="${escapeXml(suite)}" tests="${list.length}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${time.toFixed(3)}">`,
    );
    for (const r of list) {
      const head = `    <testcase classname="${escapeXml(suite)}" name="${escapeXml(r.cell.id)}" time="${(r.durationMs / 1000).toFixed(3)}"`;
      if (r.status === "pass") out.push(`${head}/>`);
      else if (r.status === "skip")
        out.push(`${head}><skipped message="${escapeXml(r.reason ?? "")}"/></testcase>`);
      else if (r.status === "error")
        out.push(
          `${head}><error type="${escapeXml(r.errorCode ?? "")}" message="${escapeXml(r.reason ?? "")}"/></testcase>`,
        );
      else {
        const msg = r.expectations
          .filter((e) => !e.ok)
          .map((e) => `${e.rule}: ${e.message}`)
          .join("; ");
        out.push(
          `${head}><failure message="${escapeXml(msg)}">${escapeXml(r.result?.log.slice(-4000) ?? "")}</failure></testcase>`,
        );
      }
    }
    out.push("  </testsuite>");
  }
  out.push("</testsuites>");
  return `${out.join("\n")}\n`;
}
