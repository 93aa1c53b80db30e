/**
 * The plain-words summary a Slurm admin (or any user) reads first. Every sentence is computed
 * from findings; nothing is assumed about which kernels fail.
 */
import type { Findings, Threshold } from "./findings.js";

export function narrate(findings: Findings): string[] {
  const lines: string[] = [];
  const failing = findings.thresholds.filter(
    (t) => t.firstFailing !== null || (t.failing > 0 && t.param === null),
  );
  if (failing.length === 0) {
    lines.push("Every load was accepted on every kernel tried.");
  }
  for (const t of sortThresholds(failing)) {
    const from =
      t.param && t.firstFailing !== null
        ? ` from ${t.param}=${t.firstFailing} on (up to ${t.tried} tried)`
        : "";
    const why = t.diagnoses.length ? ` — ${t.diagnoses.join(", ")}` : "";
    const label = t.modelOnly ? " [model-only: no real kernel of this version runs here]" : "";
    lines.push(
      `${t.target} with loader ${t.loader}: ${t.failing}/${t.total} loads fail (${t.errnos.join(", ")})${from}${why}${label}`,
    );
  }
  const failingTargets = new Set(failing.map((t) => t.target));
  for (const a of findings.avoiding) {
    if (failingTargets.has(a.target)) {
      lines.push(`${a.target}: loader ${a.loader} avoids it (all ${a.cells} of its cells accepted).`);
    }
  }
  for (const a of findings.agreements) {
    lines.push(
      `model vs ${a.target}: ${a.agreed}/${a.compared} cells agree${a.differences[0] ? ` (first difference: ${a.differences[0].cell}: ${a.differences[0].what})` : ""}`,
    );
  }
  return lines;
}

function sortThresholds(list: Threshold[]): Threshold[] {
  return [...list].sort((a, b) => a.target.localeCompare(b.target) || a.loader.localeCompare(b.loader));
}
