/** The work behind `lab compare`: read both CSVs, check their columns agree, render the deltas. */
import { readFile } from "node:fs/promises";
import { parseCsv } from "../lab/compare/veristat/csv.js";
import { type Filter, parseFilter, passesFilters } from "../lab/compare/veristat/filters.js";
import { DEFAULT_SPEC, parseStatSpec, type StatId } from "../lab/compare/veristat/stats.js";
import { compareLookup, diffOf, joinRows, renderComparison } from "../lab/compare/veristat/table.js";
import { LabError } from "../lab/errors.js";

export async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    throw new LabError("LAB_FILE_NOT_FOUND", `cannot read ${path}: ${(error as Error).message}`, {
      where: { file: path },
      cause: error,
    });
  }
}

export async function readFilters(specs: readonly string[]): Promise<Filter[]> {
  const out: Filter[] = [];
  for (const spec of specs) {
    if (spec.startsWith("@")) {
      const lines = (await readText(spec.slice(1))).split("\n").map((l) => l.trim());
      for (const line of lines) if (line && !line.startsWith("#")) out.push(parseFilter(line));
    } else out.push(parseFilter(spec));
  }
  return out;
}

export async function runCompare(
  a: string,
  b: string,
  options: { emit?: string; filter: string[]; output: string },
) {
  const [base, comp] = [parseCsv(await readText(a), a), parseCsv(await readText(b), b)];
  const spec: StatId[] = options.emit
    ? parseStatSpec(options.emit)
    : DEFAULT_SPEC.filter((id) => base.spec.includes(id) && comp.spec.includes(id));
  for (const id of spec) {
    const missing = !base.spec.includes(id) ? a : !comp.spec.includes(id) ? b : null;
    if (missing)
      throw new LabError("LAB_ARGS_INVALID", `${missing} has no ${id} column`, { where: { file: missing } });
  }
  const filters = await readFilters(options.filter);
  const rows = joinRows(base.rows, comp.rows);
  const kept = rows.filter((r) => passesFilters(filters, r.file, r.prog, compareLookup(r)));
  const json = kept.map((r) => ({
    file_name: r.file,
    prog_name: r.prog,
    stats: Object.fromEntries(
      spec
        .filter((id) => id !== "file_name" && id !== "prog_name")
        .map((id) => [id, { a: r.a?.[id] ?? null, b: r.b?.[id] ?? null, diff: diffOf(id, r.a, r.b).text }]),
    ),
  }));
  const text = options.output === "csv" ? toCsv(kept, spec) : renderComparison(rows, spec, filters);
  return { json, text };
}

function toCsv(rows: ReturnType<typeof joinRows>, spec: readonly StatId[]): string {
  const head: string[] = [];
  for (const id of spec)
    head.push(
      ...(id === "file_name" || id === "prog_name" ? [id] : [`${id}_base`, `${id}_comp`, `${id}_diff`]),
    );
  const lines = [head.join(",")];
  for (const r of rows) {
    const cells: string[] = [];
    for (const id of spec) {
      if (id === "file_name") cells.push(r.file);
      else if (id === "prog_name") cells.push(r.prog);
      else cells.push(String(r.a?.[id] ?? ""), String(r.b?.[id] ?? ""), diffOf(id, r.a, r.b).text);
    }
    lines.push(cells.join(","));
  }
  return `${lines.join("\n")}\n`;
}
