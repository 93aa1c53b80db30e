/**
 * Where a VM's files live. Sockets go in a short private directory under the system's temp dir
 * (a unix socket path must stay under 108 bytes) and are removed when the VM stops; the console
 * log goes under `$LAB_CACHE/vm/` and is kept, so that a failure can point at it afterwards.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import type { VmPaths } from "./argv.js";

/** `$LAB_CACHE`, else `$XDG_CACHE_HOME/lab`, else `~/.cache/lab` (as images/cache/paths.ts). */
export function labCacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env.LAB_CACHE) return env.LAB_CACHE;
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, "lab");
  return join(homedir(), ".cache", "lab");
}

export interface VmDirs {
  paths: VmPaths;
  /** holds the sockets; removed by `removeRunDir` */
  runDir: string;
  /** holds console.log; kept */
  logDir: string;
}

/** How many VM log folders to keep under `$LAB_CACHE/vm/`. */
export const KEPT_VM_LOGS = 40;

export function makeVmDirs(label: string, cacheRoot = labCacheRoot()): VmDirs {
  const runDir = mkdtempSync(join(tmpdir(), "lab-vm-"));
  const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\..*$/, "");
  const logsRoot = join(cacheRoot, "vm");
  mkdirSync(logsRoot, { recursive: true });
  pruneVmLogs(logsRoot, KEPT_VM_LOGS);
  const logDir = mkdtempSync(join(logsRoot, `${stamp}-${label.replace(/[^A-Za-z0-9_.-]/g, "_")}-`));
  return {
    runDir,
    logDir,
    paths: {
      qmp: join(runDir, "qmp.sock"),
      agent: join(runDir, "agent.sock"),
      console: join(logDir, "console.log"),
    },
  };
}

export function removeRunDir(dirs: VmDirs): void {
  rmSync(dirs.runDir, { recursive: true, force: true });
}

/** Keeps the newest `keep` log folders (their names start with a timestamp). */
export function pruneVmLogs(logsRoot: string, keep: number): void {
  const names = readdirSync(logsRoot)
    .filter((name) => statSync(join(logsRoot, name)).isDirectory())
    .sort();
  for (const name of names.slice(0, Math.max(0, names.length - keep))) {
    rmSync(join(logsRoot, name), { recursive: true, force: true });
  }
}
