/**
 * The history index: SQLite (runs, cells, results, kernels) for queries across runs. The JSONL
 * journal is the source of truth for a run; the index is rebuilt from it when it lags behind.
 */
import Database from "better-sqlite3";
import type { CellRecord } from "../cells.js";

export interface RunRow {
  id: string;
  scenario: string;
  file: string;
  started: string;
  finished: string | null;
  cells: number;
  pass: number;
  fail: number;
  skip: number;
  error: number;
}

const SCHEMA = `
create table if not exists runs (id text primary key, scenario text not null, file text not null,
  started text not null, finished text, planned integer not null default 0);
create table if not exists kernels (id integer primary key, backend text not null, kernel text not null,
  arch text not null, release text, unique (backend, kernel, arch));
create table if not exists cells (run text not null references runs(id), cell text not null,
  program text not null, loader text not null, kernel_id integer not null references kernels(id),
  params text not null, status text not null, reason text, error_code text, duration_ms real,
  primary key (run, cell));
create table if not exists results (run text not null, cell text not null, verdict text, errno text,
  processed integer, total_states integer, peak_states integer, log_bytes integer, log_true_size integer,
  diagnosis text, primary key (run, cell), foreign key (run, cell) references cells(run, cell));
`;

export class ResultStore {
  private readonly db: Database.Database;

  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("busy_timeout = 5000");
    this.db.exec(SCHEMA);
  }

  startRun(id: string, scenario: string, file: string, planned: number): void {
    this.db
      .prepare("insert or ignore into runs (id, scenario, file, started, planned) values (?, ?, ?, ?, ?)")
      .run(id, scenario, file, new Date().toISOString(), planned);
  }

  finishRun(id: string): void {
    this.db.prepare("update runs set finished = ? where id = ?").run(new Date().toISOString(), id);
  }

  record(runId: string, rec: CellRecord): void {
    const c = rec.cell;
    const insert = this.db.transaction(() => {
      this.db
        .prepare("insert or ignore into kernels (backend, kernel, arch, release) values (?, ?, ?, ?)")
        .run(c.backend, c.kernel, c.arch, rec.result?.kernel.release ?? null);
      const kernel = this.db
        .prepare("select id from kernels where backend = ? and kernel = ? and arch = ?")
        .get(c.backend, c.kernel, c.arch) as { id: number };
      this.db
        .prepare(
          "insert or replace into cells (run, cell, program, loader, kernel_id, params, status, reason, error_code, duration_ms) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .run(
          runId,
          c.id,
          c.program,
          c.loader,
          kernel.id,
          JSON.stringify(c.params),
          rec.status,
          rec.reason,
          rec.errorCode,
          rec.durationMs,
        );
      const r = rec.result;
      this.db
        .prepare(
          "insert or replace into results (run, cell, verdict, errno, processed, total_states, peak_states, log_bytes, log_true_size, diagnosis) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .run(
          runId,
          c.id,
          r?.verdict ?? null,
          r?.errno ?? null,
          r?.stats.processed ?? null,
          r?.stats.totalStates ?? null,
          r?.stats.peakStates ?? null,
          r ? Buffer.byteLength(r.log) : null,
          r?.logTrueSize ?? null,
          r ? r.diagnosis.map((d) => d.code).join(",") : null,
        );
    });
    insert();
  }

  runs(limit = 20): RunRow[] {
    return this.db
      .prepare(
        `select r.id, r.scenario, r.file, r.started, r.finished, count(c.cell) as cells,
           sum(c.status = 'pass') as pass, sum(c.status = 'fail') as fail, sum(c.status = 'skip') as skip,
           sum(c.status = 'error') as error
         from runs r left join cells c on c.run = r.id group by r.id order by r.started desc limit ?`,
      )
      .all(limit) as RunRow[];
  }

  close(): void {
    this.db.close();
  }
}
