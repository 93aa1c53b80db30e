/**
 * A cell is one question: program (with its generator parameters) x loader (load options) x
 * target (backend, kernel, arch). A finished cell is a CellRecord: the `lab load` result plus the
 * cell's identity and its status (CONTRACT.md, `lab run --json`).
 */
import type { Arch, BackendName, LoadResult } from "../lab/backend.js";
import type { ParamValue } from "../lab/config/types.js";

export type CellStatus = "pass" | "fail" | "skip" | "error";

export interface Cell {
  /** stable within a scenario: program/params/loader/backend/kernel/arch */
  id: string;
  scenario: string;
  program: string;
  params: Record<string, ParamValue>;
  loader: string;
  /** the loader's options that reports need (the caller's buffer is drawn on charts) */
  logLevel: number;
  logSize: number;
  backend: BackendName;
  kernel: string;
  arch: Arch;
}

export interface ExpectationOutcome {
  /** where the rule is (file:line:col) */
  rule: string;
  ok: boolean;
  message: string;
}

export interface CellRecord {
  cell: Cell;
  status: CellStatus;
  /** skip reason or error message */
  reason: string | null;
  errorCode: string | null;
  result: LoadResult | null;
  expectations: ExpectationOutcome[];
  durationMs: number;
}

/** `devices=23,deny=all`: a cell's generator parameters, as ids and reports show them. */
export function formatParams(params: Record<string, unknown>): string {
  return Object.entries(params)
    .map(([k, v]) => `${k}=${typeof v === "object" ? JSON.stringify(v) : v}`)
    .join(",");
}

/** Cells asking the same question (program instance, loader, kernel id, arch) on different backends share this key. */
export function questionKey(cell: Cell): string {
  return [cell.program, JSON.stringify(cell.params), cell.loader, cell.kernel, cell.arch].join("\u0000");
}

export function cellId(
  parts: Pick<Cell, "program" | "params" | "loader" | "backend" | "kernel" | "arch">,
): string {
  const params = formatParams(parts.params);
  return [
    parts.program + (params ? `[${params}]` : ""),
    parts.loader,
    parts.backend,
    parts.kernel,
    parts.arch,
  ].join("/");
}
