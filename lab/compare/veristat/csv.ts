/** veristat's CSV: a header of stat names, then one row per program (`success`/`failure` verdicts). */
import { LabError } from "../../errors.js";
import { findStat, type StatId, type StatRow } from "./stats.js";

export function formatCsv(rows: readonly StatRow[], spec: readonly StatId[]): string {
  const lines = [spec.join(",")];
  for (const row of rows) lines.push(spec.map((id) => csvValue(row[id])).join(","));
  return `${lines.join("\n")}\n`;
}

function csvValue(value: string | number | null): string {
  if (value === null) return "";
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export interface ParsedCsv {
  spec: StatId[];
  rows: StatRow[];
}

export function parseCsv(text: string, file: string): ParsedCsv {
  const lines = text.split(/\r?\n/).filter((l, i, all) => l !== "" || i < all.length - 1);
  if (lines.length === 0 || !lines[0]) {
    throw new LabError("LAB_PROGRAM_INVALID", "empty CSV: expected a veristat header line", {
      where: { file, line: 1, col: 1 },
    });
  }
  const header = splitCsvLine(lines[0]);
  const spec = header.map((name, i) => {
    const def = findStat(name.trim());
    if (!def) {
      throw new LabError(
        "LAB_PROGRAM_INVALID",
        `unrecognized stat ${JSON.stringify(name)} in the CSV header`,
        {
          where: { file, line: 1, col: colOf(lines[0]!, i) },
        },
      );
    }
    return def.id;
  });
  if (!spec.includes("file_name") || !spec.includes("prog_name")) {
    throw new LabError("LAB_PROGRAM_INVALID", "the CSV header needs file_name and prog_name columns", {
      where: { file, line: 1, col: 1 },
    });
  }
  const rows: StatRow[] = [];
  lines.slice(1).forEach((line, n) => {
    if (line.trim() === "") return;
    const cells = splitCsvLine(line);
    if (cells.length !== spec.length) {
      throw new LabError(
        "LAB_PROGRAM_INVALID",
        `row has ${cells.length} columns, the header has ${spec.length}`,
        {
          where: { file, line: n + 2, col: 1 },
        },
      );
    }
    const row: StatRow = {
      file_name: "",
      prog_name: "",
      verdict: "failure",
      duration: null,
      total_insns: null,
      total_states: null,
      peak_states: null,
      max_states_per_insn: null,
      mark_read: null,
    };
    spec.forEach((id, i) => {
      assign(row, id, cells[i]!, { file, line: n + 2, col: colOf(line, i) });
    });
    rows.push(row);
  });
  return { spec, rows };
}

function assign(
  row: StatRow,
  id: StatId,
  raw: string,
  where: { file: string; line: number; col: number },
): void {
  const value = raw.trim();
  if (id === "file_name" || id === "prog_name") row[id] = value;
  else if (id === "verdict") {
    if (value !== "success" && value !== "failure") {
      throw new LabError(
        "LAB_PROGRAM_INVALID",
        `verdict must be success or failure, got ${JSON.stringify(value)}`,
        { where },
      );
    }
    row.verdict = value;
  } else if (value === "") row[id] = null;
  else {
    const n = Number(value);
    if (!Number.isInteger(n))
      throw new LabError("LAB_PROGRAM_INVALID", `${id} must be an integer, got ${JSON.stringify(value)}`, {
        where,
      });
    row[id] = n;
  }
}

function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      out.push(cur);
      cur = "";
    } else cur += c;
  }
  out.push(cur);
  return out;
}

function colOf(line: string, index: number): number {
  let col = 1;
  for (let i = 0; i < index; i++) col = line.indexOf(",", col - 1) + 2;
  return col;
}
