/**
 * The work behind `lab stat`: every program of every file is loaded on one backend at log level 4
 * (statistics only, as veristat does), and the counters go into veristat-shaped rows.
 */
import { basename } from "node:path";
import { hostArch } from "../lab/arch.js";
import { openBackend } from "../lab/backends.js";
import { formatCsv } from "../lab/compare/veristat/csv.js";
import { passesFilters, rowLookup } from "../lab/compare/veristat/filters.js";
import { DEFAULT_SPEC, parseStatSpec, type StatRow, statRowOf } from "../lab/compare/veristat/stats.js";
import { renderStatTable } from "../lab/compare/veristat/table.js";
import { readProgramFile } from "../lab/programs/read.js";
import type { StatCliOptions } from "./commands/stat.js";
import { readFilters } from "./compare-run.js";

export const STAT_LOG_SIZE = 16 * 1024 * 1024;

export async function runStat(files: string[], options: StatCliOptions) {
  const spec = options.emit ? parseStatSpec(options.emit) : [...DEFAULT_SPEC];
  const filters = await readFilters(options.filter);
  const backend = await openBackend(options.backend, {
    kernel: options.kernel,
    arch: options.arch ?? hostArch(),
    features: options.features,
  });
  const rows: StatRow[] = [];
  try {
    for (const file of files) {
      for (const program of await readProgramFile(file)) {
        const name = basename(file);
        if (
          !passesFilters(
            filters.filter((f) => f.kind === "glob"),
            name,
            program.name,
            () => null,
          )
        )
          continue;
        const result = await backend.load({
          program,
          progType: program.progType ?? options.progType,
          logLevel: 4,
          logSize: STAT_LOG_SIZE,
          statsReload: true,
        });
        const row = statRowOf(name, program.name, result);
        if (
          passesFilters(
            filters.filter((f) => f.kind === "stat"),
            name,
            program.name,
            rowLookup(row),
          )
        )
          rows.push(row);
      }
    }
  } finally {
    await backend.close();
  }
  rows.sort((a, b) => a.file_name.localeCompare(b.file_name) || a.prog_name.localeCompare(b.prog_name));
  const footer = `Done. Processed ${files.length} files, ${rows.length} programs.`;
  return { rows, csv: formatCsv(rows, spec), table: renderStatTable(rows, spec, footer) };
}
