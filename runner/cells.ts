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

export function cellId(
  parts: Pick<Cell, "program" | "params" | "loader" | "backend" | "kernel" | "arch">,
): string {
  const params = Object.entries(parts.params)
    .map(([k, v]) => `${k}=${typeof v === "object" ? JSON.stringify(v) : v}`)
    .join(",");
  return [
    parts.program + (params ? `[${params}]` : ""),
    parts.loader,
    parts.backend,
    parts.kernel,
    parts.arch,
  ].join("/");
}
