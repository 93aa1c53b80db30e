/**
 * What a report says, computed from cells only: per kernel (target) and loader, the smallest
 * value of the program's numeric parameter at which loads fail (the threshold), why (diagnosis
 * codes), whether a loader avoids it (every cell of that loader on that kernel accepted), and how
 * often the model agrees with the real kernel for the same question.
 */
import { type CellRecord, questionKey } from "../cells.js";

export interface Threshold {
  target: string;
  loader: string;
  program: string;
  /** the numeric parameter on the x axis (e.g. devices) */
  param: string | null;
  firstFailing: number | null;
  /** every value tried from firstFailing up fails: a threshold (device counts), not a scatter (seeds) */
  monotonic: boolean;
  /** largest value tried */
  tried: number | null;
  failing: number;
  total: number;
  diagnoses: string[];
  errnos: string[];
  modelOnly: boolean;
}

export interface Agreement {
  target: string;
  compared: number;
  agreed: number;
  /** first differing cells, for the report */
  differences: Array<{ cell: string; what: string }>;
}

export interface Findings {
  thresholds: Threshold[];
  /** per target: loaders whose every cell was accepted on that target */
  avoiding: Array<{ target: string; loader: string; cells: number }>;
  agreements: Agreement[];
  /** per diagnosis code, the plain-words message of the first failing cell that carries it */
  why: Array<{ code: string; message: string; cells: number }>;
  counts: Record<"pass" | "fail" | "skip" | "error", number>;
}

export function targetLabel(rec: CellRecord): string {
  return `${rec.cell.backend}:${rec.cell.kernel}/${rec.cell.arch}`;
}

export function numericParam(rec: CellRecord): [string, number] | null {
  for (const [k, v] of Object.entries(rec.cell.params)) if (typeof v === "number") return [k, v];
  return null;
}

export function computeFindings(records: readonly CellRecord[]): Findings {
  const counts = { pass: 0, fail: 0, skip: 0, error: 0 };
  for (const r of records) counts[r.status]++;
  return {
    thresholds: computeThresholds(records),
    avoiding: computeAvoiding(records),
    agreements: computeAgreements(records),
    why: computeWhy(records),
    counts,
  };
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

function computeThresholds(records: readonly CellRecord[]): Threshold[] {
  const loaded = records.filter((r) => r.result !== null);
  const groups = groupBy(loaded, (r) => `${targetLabel(r)}\u0000${r.cell.loader}\u0000${r.cell.program}`);
  const out: Threshold[] = [];
  for (const list of groups.values()) {
    const first = list[0]!;
    const failing = list.filter((r) => r.result!.verdict === "rejected");
    const values = list.map(numericParam).filter((p): p is [string, number] => p !== null);
    const failingValues = failing.map(numericParam).filter((p): p is [string, number] => p !== null);
    const firstFailing = failingValues.length ? Math.min(...failingValues.map((p) => p[1])) : null;
    const failingSet = new Set(failingValues.map((p) => p[1]));
    out.push({
      target: targetLabel(first),
      loader: first.cell.loader,
      program: first.cell.program,
      param: values[0]?.[0] ?? null,
      firstFailing,
      monotonic: firstFailing !== null && values.every(([, v]) => v < firstFailing || failingSet.has(v)),
      tried: values.length ? Math.max(...values.map((p) => p[1])) : null,
      failing: failing.length,
      total: list.length,
      diagnoses: [...new Set(failing.flatMap((r) => r.result!.diagnosis.map((d) => d.code)))],
      errnos: [...new Set(failing.map((r) => r.result!.errno ?? "?"))],
      modelOnly: Boolean(first.result!.kernel.modelOnly),
    });
  }
  return out;
}

function computeAvoiding(records: readonly CellRecord[]): Findings["avoiding"] {
  const groups = groupBy(
    records.filter((r) => r.status !== "skip"),
    (r) => `${targetLabel(r)}\u0000${r.cell.loader}`,
  );
  const out: Findings["avoiding"] = [];
  for (const list of groups.values()) {
    if (list.every((r) => r.result?.verdict === "accepted")) {
      out.push({ target: targetLabel(list[0]!), loader: list[0]!.cell.loader, cells: list.length });
    }
  }
  return out;
}

/** Pairs a model cell with the kernel cells asking the same question (same kernel id and arch). */
function computeAgreements(records: readonly CellRecord[]): Agreement[] {
  const question = (r: CellRecord) => questionKey(r.cell);
  const models = new Map(
    records.filter((r) => r.cell.backend === "model" && r.result).map((r) => [question(r), r]),
  );
  const byTarget = new Map<string, Agreement>();
  for (const real of records) {
    if (real.cell.backend === "model" || !real.result) continue;
    const model = models.get(question(real));
    if (!model) continue;
    const label = targetLabel(real);
    const agreement = byTarget.get(label) ?? { target: label, compared: 0, agreed: 0, differences: [] };
    byTarget.set(label, agreement);
    agreement.compared++;
    const what = differenceOf(model, real);
    if (what === null) agreement.agreed++;
    else if (agreement.differences.length < 5) agreement.differences.push({ cell: real.cell.id, what });
  }
  return [...byTarget.values()];
}

export function differenceOf(model: CellRecord, real: CellRecord): string | null {
  const m = model.result!;
  const k = real.result!;
  if (m.verdict !== k.verdict) return `verdict: model ${m.verdict}, kernel ${k.verdict}`;
  if (m.errno !== k.errno) return `errno: model ${m.errno}, kernel ${k.errno}`;
  for (const key of ["processed", "totalStates", "peakStates"] as const) {
    const a = m.stats[key];
    const b = k.stats[key];
    if (a !== null && b !== null && a !== b) return `${key}: model ${a}, kernel ${b}`;
  }
  if (m.log !== k.log) {
    const ml = m.log.split("\n");
    const kl = k.log.split("\n");
    const i = ml.findIndex((line, idx) => line !== kl[idx]);
    const at = i === -1 ? ml.length : i;
    return `log line ${at + 1}: model ${JSON.stringify(ml[at] ?? "")}, kernel ${JSON.stringify(kl[at] ?? "")}`;
  }
  return null;
}

function computeWhy(records: readonly CellRecord[]): Findings["why"] {
  const byCode = new Map<string, { code: string; message: string; cells: number }>();
  for (const r of records) {
    if (r.result?.verdict !== "rejected") continue;
    for (const d of r.result.diagnosis) {
      const seen = byCode.get(d.code);
      if (seen) seen.cells++;
      else byCode.set(d.code, { code: d.code, message: d.message, cells: 1 });
    }
  }
  return [...byCode.values()];
}
