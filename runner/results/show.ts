/** Rendering of `lab results`: the runs table from SQLite, or a run's cells from its journal. */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { LabError } from "../../lab/errors.js";
import type { Output } from "../output.js";
import { runDir, storePath } from "../run/paths.js";
import { readJournal } from "./jsonl.js";
import { ResultStore } from "./store.js";

export function showResults(options: { run?: string; limit: number }, out: Output): void {
  if (options.run) {
    showRun(options.run, out);
    return;
  }
  if (!existsSync(storePath())) {
    if (out.json) out.result({ runs: [] });
    else out.line(`no runs yet (${storePath()} does not exist); start one with \`lab run\``);
    return;
  }
  const store = new ResultStore(storePath());
  try {
    const runs = store.runs(options.limit);
    if (out.json) {
      out.result({ runs });
      return;
    }
    out.line("run                   scenario                  cells  pass  fail  skip  error  started");
    for (const r of runs) {
      out.line(
        `${r.id.padEnd(21)} ${r.scenario.slice(0, 25).padEnd(25)} ${String(r.cells).padStart(5)} ${String(r.pass).padStart(5)} ${String(r.fail).padStart(5)} ${String(r.skip).padStart(5)} ${String(r.error).padStart(6)}  ${r.started}${r.finished ? "" : " (unfinished)"}`,
      );
    }
  } finally {
    store.close();
  }
}

function showRun(id: string, out: Output): void {
  const journal = join(runDir(id), "cells.jsonl");
  if (!existsSync(journal)) {
    throw new LabError("LAB_ARGS_INVALID", `no run ${JSON.stringify(id)} (looked for ${journal})`, {
      where: { value: id },
    });
  }
  const records = readJournal(journal);
  if (out.json) {
    out.result({ run: id, cells: records });
    return;
  }
  for (const r of records) {
    const res = r.result;
    const what = res
      ? `${res.verdict}${res.errno ? ` ${res.errno}` : ""} processed=${res.stats.processed ?? "?"}`
      : `${r.errorCode}: ${r.reason}`;
    out.line(`${r.status.padEnd(5)} ${r.cell.id}  ${what}`);
  }
}
