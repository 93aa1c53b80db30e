/**
 * veristat's `-f` filters: `FILE_GLOB[/PROG_GLOB]` allows, a leading `!` denies, `@path` reads one
 * filter per line (handled by the caller), and stat expressions such as `insns>1000` or, when
 * comparing, `insns_diff>0`, `states_pct<-10`, `verdict_b=failure`.
 */
import { LabError } from "../../errors.js";
import { findStat, type StatId, type StatRow } from "./stats.js";

export type Side = "a" | "b" | "diff" | "pct";
type Op = "<" | "<=" | ">" | ">=" | "==" | "!=";

export interface GlobFilter {
  kind: "glob";
  deny: boolean;
  file: string;
  prog: string | null;
}

export interface StatFilter {
  kind: "stat";
  deny: boolean;
  stat: StatId;
  side: Side | null;
  op: Op;
  value: number | string;
}

export type Filter = GlobFilter | StatFilter;

const STAT_EXPR = /^([a-z_]+?)(?:_(a|b|base|comp|diff|pct))?\s*(<=|>=|==|!=|<|>|=)\s*(\S+)$/;

export function parseFilter(text: string): Filter {
  const deny = text.startsWith("!");
  const body = deny ? text.slice(1) : text;
  const m = STAT_EXPR.exec(body);
  if (m) {
    const def = findStat(m[1]!);
    if (!def)
      throw new LabError(
        "LAB_ARGS_INVALID",
        `unknown stat ${JSON.stringify(m[1])} in filter ${JSON.stringify(text)}`,
        { where: { value: text } },
      );
    const sideName = m[2];
    const side: Side | null =
      sideName === "base" ? "a" : sideName === "comp" ? "b" : ((sideName as Side | undefined) ?? null);
    const op = (m[3] === "=" ? "==" : m[3]) as Op;
    const raw = m[4]!;
    const value = /^[-+]?\d+(\.\d+)?%?$/.test(raw) ? Number(raw.replace("%", "")) : raw;
    return { kind: "stat", deny, stat: def.id, side, op, value };
  }
  const slash = body.indexOf("/");
  return {
    kind: "glob",
    deny,
    file: slash === -1 ? body : body.slice(0, slash),
    prog: slash === -1 ? null : body.slice(slash + 1),
  };
}

export function globMatches(text: string, pattern: string): boolean {
  const re = new RegExp(`^${pattern.split("*").map(escapeRegExp).join(".*")}$`);
  return re.test(text);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
}

/** Values a stat filter can see for one (possibly compared) row. */
export type StatLookup = (stat: StatId, side: Side | null) => number | string | null;

export function rowLookup(row: StatRow): StatLookup {
  return (stat) => row[stat];
}

export function passesFilters(
  filters: readonly Filter[],
  file: string,
  prog: string,
  lookup: StatLookup,
): boolean {
  const matches = (f: Filter) =>
    f.kind === "glob"
      ? globMatches(file, f.file) && (f.prog === null || globMatches(prog, f.prog))
      : evalStat(f, lookup);
  if (filters.some((f) => f.deny && matches(f))) return false;
  const allows = filters.filter((f) => !f.deny);
  return (
    allows.length === 0 ||
    allows.every((f) => matches(f)) ||
    (allows.every((f) => f.kind === "glob") && allows.some(matches))
  );
}

function evalStat(f: StatFilter, lookup: StatLookup): boolean {
  const actual = lookup(f.stat, f.side);
  if (actual === null) return false;
  const a = actual;
  const b = f.value;
  switch (f.op) {
    case "<":
      return a < b;
    case "<=":
      return a <= b;
    case ">":
      return a > b;
    case ">=":
      return a >= b;
    case "==":
      return String(a) === String(b);
    case "!=":
      return String(a) !== String(b);
  }
}
