/**
 * Which expectations apply to a cell. The runner calls `rulesFor(scenario, cell, release)` with the
 * kernel's real version once it is known (for a Debian kernel its package version such as 6.1.170,
 * not the ABI in `uname -r`); before that, the version the kernel id stands for is used.
 */
import { versionOfKernel } from "./kernel-ids.js";
import { compareVersions, holds, parseVersion } from "./scalars.js";
import type {
  Cell,
  ExpectRule,
  KernelSelector,
  ParamCondition,
  ParamValue,
  Scenario,
  Selector,
} from "./types.js";

export function rulesFor(scenario: Scenario, cell: Cell, release: string | null = null): ExpectRule[] {
  return scenario.expect.filter((rule) => selectorMatches(rule.when, cell, release));
}

/**
 * `unknownVersion: "maybe"` lets a version comparison match a kernel whose version is not known
 * yet (the host's): for asking whether a rule could ever match, not whether it does.
 */
export function selectorMatches(
  selector: Selector,
  cell: Cell,
  release: string | null = null,
  unknownVersion: "no" | "maybe" = "no",
): boolean {
  const { program, loader, target } = cell;
  if (selector.programs && !selector.programs.includes(program.id)) return false;
  if (selector.loaders && !selector.loaders.includes(loader.id)) return false;
  if (selector.backends && !selector.backends.includes(target.backend)) return false;
  if (selector.arches && !selector.arches.includes(target.arch)) return false;
  if (selector.kernels) {
    const version = release ?? versionOfKernel(target.kernel);
    const maybe = unknownVersion === "maybe" && version === null;
    if (
      !selector.kernels.some(
        (k) => (maybe && k.kind === "version") || kernelMatches(k, target.kernel.id, version),
      )
    ) {
      return false;
    }
  }
  for (const [name, condition] of Object.entries(selector.params)) {
    const value = program.params[name];
    if (value === undefined || !conditionHolds(condition, value)) return false;
  }
  return true;
}

export function kernelMatches(selector: KernelSelector, kernelId: string, version: string | null): boolean {
  if (selector.kind === "id") return selector.id === kernelId;
  const parsed = version === null ? null : parseVersion(version);
  if (parsed === null) return false;
  return selector.comparisons.every((c) => holds(c.op, compareVersions(parsed, c.value)));
}

export function conditionHolds(condition: ParamCondition, value: ParamValue): boolean {
  switch (condition.kind) {
    case "equals":
      return value === condition.value;
    case "oneOf":
      return condition.values.some((v) => v === value);
    case "compare":
      return typeof value === "number" && condition.comparisons.every((c) => holds(c.op, value - c.value));
  }
}

/** the rules that can match no cell of the scenario (likely mistakes); [] when too big to tell */
export function unmatchedRules(scenario: Scenario, cells: readonly Cell[], limit = 500_000): ExpectRule[] {
  if (cells.length * scenario.expect.length > limit) return [];
  return scenario.expect.filter(
    (rule) => !cells.some((cell) => selectorMatches(rule.when, cell, null, "maybe")),
  );
}
