/**
 * Decides a cell's status from its result and the scenario's expectations. `model_agrees`
 * expectations need the paired cell and are settled after all cells ran (settleAgreement).
 */
import type { LoadResult } from "../../lab/backend.js";
import { formatPos } from "../../lab/config/issues.js";
import { rulesFor } from "../../lab/config/select.js";
import type { Cell as ConfigCell, ExpectRule, Scenario } from "../../lab/config/types.js";
import { type CellRecord, type ExpectationOutcome, questionKey } from "../cells.js";
import { differenceOf } from "../report/findings.js";

/** The version the selectors compare: the model's version, else the one the kernel id stands for. */
export function releaseForRules(cell: ConfigCell, result: LoadResult | null): string | null {
  if (cell.target.backend === "model" && result) return result.kernel.release;
  if (cell.target.kernel.kind === "host" && result) return result.kernel.release;
  return null;
}

export function checkOutcome(rule: ExpectRule, result: LoadResult): ExpectationOutcome[] {
  const at = formatPos(rule.where);
  const out: ExpectationOutcome[] = [];
  const o = rule.outcome;
  const add = (ok: boolean, message: string) =>
    out.push({ rule: at, ok, message: ok ? message : `${message}${rule.note ? ` (${rule.note})` : ""}` });
  if (o.verdict !== undefined)
    add(result.verdict === o.verdict, `verdict ${result.verdict}, expected ${o.verdict}`);
  if (o.errno !== undefined)
    add(result.errno === o.errno, `errno ${result.errno ?? "none"}, expected ${o.errno ?? "none"}`);
  for (const code of o.diagnosis ?? []) {
    const has = result.diagnosis.some((d) => d.code === code);
    add(
      has,
      has
        ? `diagnosed ${code}`
        : `no ${code} diagnosis (got ${result.diagnosis.map((d) => d.code).join(", ") || "none"})`,
    );
  }
  if (o.logContains !== undefined)
    add(
      result.log.includes(o.logContains),
      `log ${result.log.includes(o.logContains) ? "contains" : "lacks"} ${JSON.stringify(o.logContains)}`,
    );
  return out;
}

export function judgeCell(
  scenario: Scenario,
  cell: ConfigCell,
  record: Omit<CellRecord, "status" | "expectations">,
): CellRecord {
  const result = record.result!;
  const expectations = rulesFor(scenario, cell, releaseForRules(cell, result)).flatMap((rule) =>
    checkOutcome(rule, result),
  );
  return { ...record, expectations, status: expectations.every((e) => e.ok) ? "pass" : "fail" };
}

/**
 * After all cells: `model_agrees` rules compare each kernel cell with the model cell asking the
 * same question (same program instance, loader, kernel id and arch).
 */
export function settleAgreement(
  scenario: Scenario,
  cells: ReadonlyMap<string, ConfigCell>,
  records: CellRecord[],
): CellRecord[] {
  const question = (r: CellRecord) => questionKey(r.cell);
  const models = new Map(
    records.filter((r) => r.cell.backend === "model" && r.result).map((r) => [question(r), r]),
  );
  return records.map((rec) => {
    const cell = cells.get(rec.cell.id);
    if (!cell || !rec.result || rec.cell.backend === "model") return rec;
    const rules = rulesFor(scenario, cell, releaseForRules(cell, rec.result)).filter(
      (r) => r.outcome.modelAgrees !== undefined,
    );
    if (rules.length === 0) return rec;
    const model = models.get(question(rec));
    const extra: ExpectationOutcome[] = rules.map((rule) => {
      const at = formatPos(rule.where);
      if (!model)
        return {
          rule: at,
          ok: false,
          message: "no model cell asks the same question (add a model target with this kernel id)",
        };
      const diff = differenceOf(model, rec);
      const agrees = diff === null;
      return {
        rule: at,
        ok: agrees === rule.outcome.modelAgrees,
        message: agrees ? "model agrees with the kernel" : `model differs: ${diff}`,
      };
    });
    const expectations = [...rec.expectations, ...extra];
    return {
      ...rec,
      expectations,
      status:
        rec.status === "pass" && extra.every((e) => e.ok)
          ? "pass"
          : rec.status === "pass"
            ? "fail"
            : rec.status,
    };
  });
}
