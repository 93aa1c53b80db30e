/** Scenario expectations: a `when:` selector (ids, kernel versions or ranges, param conditions) and outcomes. */
import type { Arch, BackendName } from "../../backend.js";
import { didYouMean } from "../did-you-mean.js";
import { parseNumberComparisons, parseVersionComparisons } from "../scalars.js";
import { report, type Stage } from "../stage.js";
import type {
  ExpectedOutcome,
  ExpectRule,
  KernelSelector,
  ParamCondition,
  ParamScalar,
  ScenarioLoader,
  ScenarioProgram,
  ScenarioTarget,
  Selector,
} from "../types.js";

type RawCondition = ParamScalar | ParamScalar[];
export interface RawWhen {
  program?: string[];
  loader?: string[];
  backend?: BackendName[];
  kernel?: string[];
  arch?: Arch[];
  [param: string]: RawCondition | undefined;
}
export interface RawExpect {
  when?: RawWhen;
  verdict?: "accepted" | "rejected";
  errno?: string | null;
  diagnosis?: string[];
  model_agrees?: boolean;
  log_contains?: string;
  note?: string;
}

const SELECTOR_KEYS = ["program", "loader", "backend", "kernel", "arch"];

export interface Known {
  programs: ScenarioProgram[];
  loaders: ScenarioLoader[];
  targets: ScenarioTarget[];
}

export function normalizeExpect(raw: RawExpect[] | undefined, stage: Stage, known: Known): ExpectRule[] {
  return (raw ?? []).map((rule, index) => {
    const path = ["expect", index];
    const outcome = outcomeOf(rule);
    if (Object.keys(outcome).length === 0) {
      report(
        stage,
        path,
        "says nothing to check: give verdict, errno, diagnosis, model_agrees or log_contains",
      );
    }
    return {
      index,
      when: selectorOf(rule.when ?? {}, [...path, "when"], stage, known),
      outcome,
      note: rule.note ?? "",
      where: stage.positions.of(path),
    };
  });
}

function outcomeOf(rule: RawExpect): ExpectedOutcome {
  const outcome: ExpectedOutcome = {};
  if (rule.verdict !== undefined) outcome.verdict = rule.verdict;
  if (rule.errno !== undefined) outcome.errno = rule.errno;
  if (rule.diagnosis !== undefined) outcome.diagnosis = rule.diagnosis;
  if (rule.model_agrees !== undefined) outcome.modelAgrees = rule.model_agrees;
  if (rule.log_contains !== undefined) outcome.logContains = rule.log_contains;
  return outcome;
}

function selectorOf(when: RawWhen, path: Array<string | number>, stage: Stage, known: Known): Selector {
  const check = (key: string, values: string[] | undefined, ids: string[], what: string) => {
    values?.forEach((value, i) => {
      if (!ids.includes(value)) {
        const at = values.length > 1 ? [...path, key, i] : [...path, key];
        report(
          stage,
          at,
          `no ${what} "${value}" in this scenario${didYouMean(value, ids) || `; ${what}s: ${ids.join(", ")}`}`,
        );
      }
    });
  };
  check("program", when.program, unique(known.programs.map((p) => p.id)), "program");
  check(
    "loader",
    when.loader,
    known.loaders.map((l) => l.id),
    "loader",
  );
  check("backend", when.backend, unique(known.targets.map((t) => t.backend)), "target with backend");
  check("arch", when.arch, unique(known.targets.map((t) => t.arch)), "target with arch");
  return {
    programs: when.program ?? null,
    loaders: when.loader ?? null,
    backends: when.backend ?? null,
    kernels: when.kernel
      ? when.kernel.map((text, i) =>
          kernelSelectorOf(
            text,
            when.kernel!.length > 1 ? [...path, "kernel", i] : [...path, "kernel"],
            stage,
            known,
          ),
        )
      : null,
    arches: when.arch ?? null,
    params: paramsOf(when, path, stage, known),
  };
}

function kernelSelectorOf(
  text: string,
  path: Array<string | number>,
  stage: Stage,
  known: Known,
): KernelSelector {
  const comparisons = parseVersionComparisons(text);
  if (comparisons) return { kind: "version", comparisons, text };
  const ids = unique(known.targets.map((t) => t.kernel.id));
  if (!ids.includes(text)) {
    report(
      stage,
      path,
      `"${text}" is neither a version comparison (">=6.4", "5.15.127") nor a kernel of this scenario's targets${didYouMean(text, ids) || `: ${ids.join(", ")}`}`,
    );
  }
  return { kind: "id", id: text };
}

function paramsOf(
  when: RawWhen,
  path: Array<string | number>,
  stage: Stage,
  known: Known,
): Record<string, ParamCondition> {
  const names = unique(known.programs.flatMap((p) => Object.keys(p.params)));
  const params: Record<string, ParamCondition> = {};
  for (const [name, raw] of Object.entries(when)) {
    if (SELECTOR_KEYS.includes(name) || raw === undefined) continue;
    if (!names.includes(name)) {
      const hint =
        didYouMean(name, [...SELECTOR_KEYS, ...names]) ||
        `; known keys: ${[...SELECTOR_KEYS, ...names].join(", ")}`;
      report(
        stage,
        [...path, name],
        `unknown key "${name}": neither a selector nor a generator parameter${hint}`,
        { key: true },
      );
      continue;
    }
    params[name] = conditionOf(raw);
  }
  return params;
}

function conditionOf(raw: RawCondition): ParamCondition {
  if (Array.isArray(raw)) return { kind: "oneOf", values: raw };
  if (typeof raw === "string") {
    const comparisons = parseNumberComparisons(raw);
    if (comparisons) return { kind: "compare", comparisons };
  }
  return { kind: "equals", value: raw };
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
