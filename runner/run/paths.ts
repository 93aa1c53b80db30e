/** Where runs live: `$LAB_DATA` (default ~/.local/share/lab): runs/<id>/cells.jsonl and results.sqlite. */
import { homedir } from "node:os";
import { join } from "node:path";

export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.LAB_DATA) return env.LAB_DATA;
  const base = env.XDG_DATA_HOME || join(homedir(), ".local", "share");
  return join(base, "lab");
}

export function runDir(runId: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(dataDir(env), "runs", runId);
}

export function storePath(env: NodeJS.ProcessEnv = process.env): string {
  return join(dataDir(env), "results.sqlite");
}

/** Sortable, unique enough for one machine: 20261123-185301-4f2a */
export function newRunId(now = new Date(), random = Math.random): string {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
  return `${stamp}-${Math.floor(random() * 0xffff)
    .toString(16)
    .padStart(4, "0")}`;
}
