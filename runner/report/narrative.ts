/**
 * The plain-words summary a Slurm admin (or any user) reads first. Every sentence is computed
 * from findings; nothing is assumed about which kernels fail.
 */
import type { Findings, Threshold } from "./findings.js";

/** The few sentences that answer "which kernels fail, from where, why, and what avoids it". */
export function headline(findings: Findings): string[] {
  const lines: string[] = [];
  const failing = findings.thresholds.filter((t) => t.failing > 0);
  const loaders = [...new Set(findings.thresholds.map((t) => t.loader))];
  for (const loader of loaders) {
    const programs = [...new Set(failing.filter((t) => t.loader === loader).map((t) => t.program))];
    for (const program of programs) {
      const list = sortThresholds(failing.filter((t) => t.loader === loader && t.program === program));
      const where = list
        .map(
          (t) =>
            `${t.target}${t.monotonic && t.param ? ` (from ${t.param}=${t.firstFailing})` : ""}${t.modelOnly ? " [model-only]" : ""}`,
        )
        .join(", ");
      lines.push(`${program} with loader ${loader} fails on ${list.length} target(s): ${where}.`);
    }
  }
  for (const w of findings.why) lines.push(`Why (${w.code}, ${w.cells} cells): ${w.message}`);
  const failingTargets = new Set(failing.map((t) => t.target));
  for (const loader of loaders) {
    if (failing.some((t) => t.loader === loader) || failingTargets.size === 0) continue;
    const avoided = [...failingTargets].every((target) =>
      findings.avoiding.some((a) => a.target === target && a.loader === loader),
    );
    if (avoided)
      lines.push(
        `Loader ${loader} avoids it: every one of its cells was accepted on every target where another loader failed.`,
      );
  }
  return lines;
}

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
      !t.param || t.firstFailing === null
        ? ""
        : t.monotonic
          ? ` from ${t.param}=${t.firstFailing} on (up to ${t.tried} tried)`
          : ` (no threshold in ${t.param}: the first fails at ${t.param}=${t.firstFailing}, some larger ones load)`;
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
