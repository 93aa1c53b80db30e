/**
 * Where a VM's files live. Sockets go in a short private directory under the system's temp dir
 * (a unix socket path must stay under 108 bytes) and are removed when the VM stops; the console
 * log goes under `$LAB_CACHE/vm/` and is kept, so that a failure can point at it afterwards.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
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
export const KEPT_VM_LOGS = 200;

export function makeVmDirs(label: string, cacheRoot = labCacheRoot()): VmDirs {
  pruneRunDirs(tmpdir());
  const runDir = mkdtempSync(join(tmpdir(), RUN_PREFIX));
  writeFileSync(join(runDir, "owner"), String(process.pid));
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

const RUN_PREFIX = "lab-vm-";

/** Removes the socket folders of labs that died without cleaning up (SIGKILL). */
export function pruneRunDirs(root: string): void {
  for (const name of readdirSync(root)) {
    if (!name.startsWith(RUN_PREFIX)) continue;
    const dir = join(root, name);
    if (!ownerGone(dir)) continue;
    rmSync(dir, { recursive: true, force: true });
  }
}

function ownerGone(dir: string): boolean {
  try {
    return !processAlive(Number(readFileSync(join(dir, "owner"), "utf8")));
  } catch {
    // no owner file: only a folder being made right now lacks one (or it just went away)
    try {
      return Date.now() - statSync(dir).mtimeMs > 60_000;
    } catch {
      return false;
    }
  }
}

function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
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
