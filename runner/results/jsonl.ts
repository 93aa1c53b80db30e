/**
 * The run's journal: one JSON line per finished cell, appended, flushed and fsync'd before the
 * cell counts as done, so a kill -9 never loses a finished cell. A torn last line (the process
 * died mid-write) is ignored on reading.
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from "node:fs";
import type { CellRecord } from "../cells.js";

export class Journal {
  private readonly fd: number;

  constructor(readonly path: string) {
    this.fd = openSync(path, "a");
  }

  append(record: CellRecord): void {
    writeSync(this.fd, `${JSON.stringify(record)}\n`);
    fsyncSync(this.fd);
  }

  close(): void {
    closeSync(this.fd);
  }
}

export function readJournal(path: string): CellRecord[] {
  if (!existsSync(path)) return [];
  const out: CellRecord[] = [];
  for (const line of readFileSync(path, "utf8").split("\n")) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line) as CellRecord);
    } catch {
      // a torn final line from a killed run: the cell is simply not finished
    }
  }
  return out;
}
