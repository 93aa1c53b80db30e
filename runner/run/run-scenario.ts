/**
 * `lab run SCENARIO`: expand cells, skip those a resumed run already finished, schedule the rest
 * (journal + index each finished cell at once), run probes on the same backends, settle the
 * model-agreement expectations, and hand back every record for the reports.
 */
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { LoadRequest } from "../../lab/backend.js";
import { openBackend } from "../../lab/backends.js";
import { expandCells } from "../../lab/config/cells.js";
import { versionOfKernel } from "../../lab/config/kernel-ids.js";
import { loadScenarioFile } from "../../lab/config/load.js";
import type { Cell as ConfigCell, Scenario } from "../../lab/config/types.js";
import { LabError } from "../../lab/errors.js";
import type { Cell, CellRecord } from "../cells.js";
import { Journal, readJournal } from "../results/jsonl.js";
import { ResultStore } from "../results/store.js";
import { writeFileAtomic } from "../write-atomic.js";
import { judgeCell, settleAgreement } from "./judge.js";
import { newRunId, runDir, storePath } from "./paths.js";
import { type ProbeRecord, probesFor, runProbe } from "./probes.js";
import { createProgramCache } from "./programs.js";
import { runCells } from "./schedule.js";

export interface RunOptions {
  resume?: string;
  concurrency?: number;
  onStart?(cell: Cell, done: number, total: number): void;
  onDone?(record: CellRecord, done: number, total: number): void;
}

export interface RunOutcome {
  runId: string;
  dir: string;
  scenario: Scenario;
  records: CellRecord[];
  probes: ProbeRecord[];
}

interface RunMeta {
  scenarioFile: string;
  started: string;
}

export function toRunnerCell(scenario: Scenario, c: ConfigCell): Cell {
  return {
    id: c.key,
    scenario: scenario.name,
    program: c.program.id,
    params: c.program.params,
    loader: c.loader.id,
    logLevel: c.loader.logLevel,
    logSize: c.loader.logSize,
    backend: c.target.backend,
    kernel: c.target.kernel.id,
    arch: c.target.arch,
  };
}

export function requestOf(c: ConfigCell, program: LoadRequest["program"]): LoadRequest {
  return {
    program,
    logLevel: c.loader.logLevel,
    logSize: c.loader.logSize,
    memlockRlimit: c.loader.memlockRlimit,
    statsReload: c.loader.statsReload,
    progFlags: c.loader.progFlags,
    expectedAttachType: program.expectedAttachType ?? undefined,
  };
}

export async function runScenario(path: string | null, options: RunOptions): Promise<RunOutcome> {
  const runId = options.resume ?? newRunId();
  const dir = runDir(runId);
  const scenarioFile = resolveScenarioFile(path, dir, options.resume);
  const scenario = loadScenarioFile(scenarioFile);
  mkdirSync(dir, { recursive: true });
  writeMeta(dir, { scenarioFile: scenario.file, started: new Date().toISOString() });

  const configCells = expandCells(scenario);
  const byId = new Map(configCells.map((c) => [c.key, c]));
  const journalPath = join(dir, "cells.jsonl");
  const finished = readJournal(journalPath).filter((r) => byId.has(r.cell.id));
  const done = new Set(finished.map((r) => r.cell.id));
  const todo = configCells.filter((c) => !done.has(c.key));
  const total = configCells.length;
  let count = finished.length;

  const store = new ResultStore(storePath());
  store.startRun(runId, scenario.name, scenario.file, total);
  for (const r of finished) store.record(runId, r);
  const journal = new Journal(journalPath);
  const programFor = createProgramCache();
  const probes: ProbeRecord[] = [];
  const targets = new Map(scenario.targets.map((t) => [t.key, t]));
  try {
    await runCells(
      todo.map((c) => toRunnerCell(scenario, c)),
      {
        openBackend: (cell) => {
          const target = byId.get(cell.id)!.target;
          return openBackend(target.backend, {
            kernel:
              target.backend === "model"
                ? (versionOfKernel(target.kernel) ?? target.kernel.id)
                : target.kernel.id,
            arch: target.arch,
            features: target.features.join(","),
            accel: target.accel,
          });
        },
        requestFor: async (cell) => {
          const c = byId.get(cell.id)!;
          return requestOf(c, await programFor(c.program));
        },
        judge: (cell, result, durationMs) => {
          const c = byId.get(cell.id)!;
          return judgeCell(scenario, c, {
            cell,
            reason: null,
            errorCode: null,
            result,
            durationMs,
          });
        },
        onStart: (cell) => options.onStart?.(cell, count, total),
        onDone: (record) => {
          journal.append(record);
          store.record(runId, record);
          count++;
          options.onDone?.(record, count, total);
        },
        afterGroup: async (backend, group) => {
          const target = targets.get(byId.get(group[0]!.id)!.target.key)!;
          for (const probe of probesFor(scenario.probes, target)) {
            probes.push(await runProbe(probe, target, backend, programFor));
          }
        },
      },
      { concurrency: options.concurrency ?? 2 },
    );
  } finally {
    journal.close();
    store.finishRun(runId);
    store.close();
  }
  if (probes.length) writeJsonAtomic(join(dir, "probes.json"), probes);
  const records = settleAgreement(
    scenario,
    byId,
    readJournal(journalPath).filter((r) => byId.has(r.cell.id)),
  );
  return { runId, dir, scenario, records, probes };
}

function resolveScenarioFile(path: string | null, dir: string, resume: string | undefined): string {
  if (resume) {
    const metaPath = join(dir, "meta.json");
    if (!existsSync(metaPath)) {
      throw new LabError(
        "LAB_ARGS_INVALID",
        `no run ${JSON.stringify(resume)} to resume (looked for ${metaPath})`,
        { where: { value: resume } },
      );
    }
    return (JSON.parse(readFileSync(metaPath, "utf8")) as RunMeta).scenarioFile;
  }
  if (!path) throw new LabError("LAB_ARGS_INVALID", "no scenario file given and no default job in lab.yaml");
  return path;
}

function writeMeta(dir: string, meta: RunMeta): void {
  if (!existsSync(join(dir, "meta.json"))) writeJsonAtomic(join(dir, "meta.json"), meta);
}

export function writeJsonAtomic(path: string, value: unknown): void {
  writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}
