/** Small, honest ways of looking at this machine: PATH lookup, reading a file, running a command with a timeout. */
import { execFile } from "node:child_process";
import { accessSync, constants, lstatSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

/** the command's path as a shell would find it on PATH, or null */
export function which(command: string, path = process.env.PATH ?? ""): string | null {
  for (const dir of path.split(":")) {
    if (!dir) continue;
    const candidate = join(dir, command);
    try {
      if (!statSync(candidate).isFile()) continue;
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {}
  }
  return null;
}

export function readText(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return null;
  }
}

export interface RunOutput {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** runs a command without a shell; null when it cannot be started (not installed) */
export function runQuiet(command: string, args: string[], timeoutMs = 10_000): Promise<RunOutput | null> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { encoding: "utf8", timeout: timeoutMs, maxBuffer: 32 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if ((error as NodeJS.ErrnoException | null)?.code === "ENOENT") return resolve(null);
        const status = error ? (typeof error.code === "number" ? error.code : null) : 0;
        resolve({ status, stdout: stdout ?? "", stderr: stderr ?? "" });
      },
    );
  });
}

/** bytes and files under a directory (symlinks not followed), bounded by `limit` entries */
export function directorySize(
  dir: string,
  limit = 200_000,
): { bytes: number; files: number; truncated: boolean } {
  let bytes = 0;
  let files = 0;
  const stack = [dir];
  while (stack.length > 0) {
    const at = stack.pop()!;
    let names: string[];
    try {
      names = readdirSync(at);
    } catch {
      continue;
    }
    for (const name of names) {
      if (files >= limit) return { bytes, files, truncated: true };
      const path = join(at, name);
      try {
        const st = lstatSync(path);
        if (st.isDirectory()) stack.push(path);
        else {
          files++;
          bytes += st.size;
        }
      } catch {}
    }
  }
  return { bytes, files, truncated: false };
}

export function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}
