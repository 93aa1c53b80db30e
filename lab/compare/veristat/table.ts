/**
 * Table and comparison output in veristat's layout: columns separated by two spaces, headers
 * underlined with dashes, strings left-aligned and numbers right-aligned; in comparison mode each
 * stat has (A), (B) and (DIFF) columns, DIFF being MATCH/MISMATCH or `+N (+P.PP%)`.
 */
import { type Filter, passesFilters, type Side } from "./filters.js";
import { type StatId, type StatRow, statDef } from "./stats.js";

interface Column {
  header: string;
  right: boolean;
  values: string[];
}

function render(columns: Column[], footer?: string): string {
  const widths = columns.map((c) => Math.max(c.header.length, ...c.values.map((v) => v.length)));
  const pad = (text: string, i: number, right: boolean) =>
    right ? text.padStart(widths[i]!) : text.padEnd(widths[i]!);
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  const rows =
    columns[0]?.values.map((_, r) =>
      columns
        .map((c, i) => pad(c.values[r]!, i, c.right))
        .join("  ")
        .trimEnd(),
    ) ?? [];
  const header = columns
    .map((c, i) => pad(c.header, i, false))
    .join("  ")
    .trimEnd();
  return [header, rule, ...rows, rule, ...(footer ? [footer] : [])].join("\n") + "\n";
}

const show = (v: string | number | null) => (v === null ? "" : String(v));

export function renderStatTable(rows: readonly StatRow[], spec: readonly StatId[], footer?: string): string {
  return render(
    spec.map((id) => ({
      header: statDef(id).header,
      right: !statDef(id).key && id !== "verdict",
      values: rows.map((r) => show(r[id])),
    })),
    footer,
  );
}

export interface ComparedRow {
  file: string;
  prog: string;
  a: StatRow | null;
  b: StatRow | null;
}

/** Joins two row sets on file_name + prog_name, keeping rows missing on one side. */
export function joinRows(a: readonly StatRow[], b: readonly StatRow[]): ComparedRow[] {
  const key = (r: StatRow) => `${r.file_name}\u0000${r.prog_name}`;
  const map = new Map<string, ComparedRow>();
  for (const r of a) map.set(key(r), { file: r.file_name, prog: r.prog_name, a: r, b: null });
  for (const r of b) {
    const row = map.get(key(r));
    if (row) row.b = r;
    else map.set(key(r), { file: r.file_name, prog: r.prog_name, a: null, b: r });
  }
  return [...map.values()].sort((x, y) => x.file.localeCompare(y.file) || x.prog.localeCompare(y.prog));
}

export function diffOf(
  id: StatId,
  a: StatRow | null,
  b: StatRow | null,
): { text: string; diff: number | null; pct: number | null } {
  if (id === "verdict")
    return { text: a?.verdict === b?.verdict ? "MATCH" : "MISMATCH", diff: null, pct: null };
  const va = (a?.[id] as number | null | undefined) ?? 0;
  const vb = (b?.[id] as number | null | undefined) ?? 0;
  const diff = vb - va;
  const pct = !a || !b || va === 0 ? (vb < va ? -100 : 100) : (diff * 100) / va;
  const sign = (n: number) => (n >= 0 ? "+" : "");
  return { text: `${sign(diff)}${diff} (${sign(pct)}${pct.toFixed(2)}%)`, diff, pct };
}

export function compareLookup(row: ComparedRow) {
  return (stat: StatId, side: Side | null): number | string | null => {
    if (side === "diff") return diffOf(stat, row.a, row.b).diff;
    if (side === "pct") return diffOf(stat, row.a, row.b).pct;
    const r = side === "a" ? row.a : side === "b" ? row.b : (row.b ?? row.a);
    return r ? r[stat] : null;
  };
}

export function renderComparison(
  rows: readonly ComparedRow[],
  spec: readonly StatId[],
  filters: readonly Filter[],
): string {
  const kept = rows.filter((r) => passesFilters(filters, r.file, r.prog, compareLookup(r)));
  const columns: Column[] = [];
  for (const id of spec) {
    const def = statDef(id);
    if (def.key) {
      columns.push({
        header: def.header,
        right: false,
        values: kept.map((r) => (id === "file_name" ? r.file : r.prog)),
      });
      continue;
    }
    const right = id !== "verdict";
    columns.push({ header: `${def.header} (A)`, right, values: kept.map((r) => show(r.a?.[id] ?? null)) });
    columns.push({ header: `${def.header} (B)`, right, values: kept.map((r) => show(r.b?.[id] ?? null)) });
    columns.push({
      header: `${def.header} (DIFF)`,
      right,
      values: kept.map((r) => diffOf(id, r.a, r.b).text),
    });
  }
  return render(columns);
}
