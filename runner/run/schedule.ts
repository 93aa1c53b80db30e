/**
 * Runs cells: one backend (one booted VM for qemu) per backend x kernel x arch serves all of its
 * cells in order; groups run in parallel up to a limit. Each finished cell is handed to `onDone`
 * (which journals it) before the next one starts, so a killed run loses no finished cell.
 */
import type { Backend, LoadRequest, LoadResult } from "../../lab/backend.js";
import type { BackendOptions } from "../../lab/backends.js";
import { isLabError } from "../../lab/errors.js";
import type { Cell, CellRecord } from "../cells.js";

export interface ScheduleHooks {
  openBackend(cell: Cell, options: BackendOptions): Promise<Backend>;
  /** the request for a cell; may throw (bad program input becomes an error cell) */
  requestFor(cell: Cell): Promise<LoadRequest>;
  /** turns a raw result into a finished record (expectations, diagnosis) */
  judge(cell: Cell, result: LoadResult, durationMs: number): CellRecord;
  onStart?(cell: Cell): void;
  onDone(record: CellRecord): void;
  /** runs on the group's still-open backend after its cells (probes use the same VM) */
  afterGroup?(backend: Backend, group: readonly Cell[]): Promise<void>;
}

export interface ScheduleOptions {
  concurrency: number;
  now?: () => number;
}

export function groupKey(cell: Cell): string {
  return `${cell.backend}|${cell.kernel}|${cell.arch}`;
}

export function groupCells(cells: readonly Cell[]): Cell[][] {
  const groups = new Map<string, Cell[]>();
  for (const cell of cells) {
    const key = groupKey(cell);
    const list = groups.get(key);
    if (list) list.push(cell);
    else groups.set(key, [cell]);
  }
  return [...groups.values()];
}

export async function runCells(
  cells: readonly Cell[],
  hooks: ScheduleHooks,
  options: ScheduleOptions,
): Promise<void> {
  const now = options.now ?? (() => performance.now());
  const queue = groupCells(cells);
  const workers = Array.from(
    { length: Math.max(1, Math.min(options.concurrency, queue.length)) },
    async () => {
      for (let group = queue.shift(); group; group = queue.shift()) await runGroup(group, hooks, now);
    },
  );
  await Promise.all(workers);
}

async function runGroup(group: Cell[], hooks: ScheduleHooks, now: () => number): Promise<void> {
  const first = group[0]!;
  let backend: Backend;
  const opened = now();
  try {
    backend = await hooks.openBackend(first, { kernel: first.kernel, arch: first.arch });
  } catch (error) {
    for (const cell of group) hooks.onDone(failedRecord(cell, error, now() - opened));
    return;
  }
  try {
    for (const cell of group) {
      hooks.onStart?.(cell);
      const started = now();
      try {
        const request = await hooks.requestFor(cell);
        const result = await backend.load(request);
        hooks.onDone(hooks.judge(cell, result, now() - started));
      } catch (error) {
        hooks.onDone(failedRecord(cell, error, now() - started));
      }
    }
    await hooks.afterGroup?.(backend, group);
  } finally {
    await backend.close().catch(() => {});
  }
}

function failedRecord(cell: Cell, error: unknown, durationMs: number): CellRecord {
  // The model saying it does not cover the program is a skip with its reason; anything else (no
  // VM, no root, bad input) means the harness or the infrastructure broke: an error, never a skip.
  const uncovered = isLabError(error) && error.code === "MODEL_UNSUPPORTED";
  return {
    cell,
    status: uncovered ? "skip" : "error",
    reason: error instanceof Error ? error.message : String(error),
    errorCode: isLabError(error) ? error.code : "LAB_INTERNAL",
    result: null,
    expectations: [],
    durationMs,
  };
}
