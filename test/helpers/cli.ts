/** Runs the built `lab` CLI as a user would, capturing stdout, stderr and the exit status. */
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const LAB_BIN = join(REPO_ROOT, "runner", "bin", "lab.js");

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

export function runLab(
  args: string[],
  options: { input?: string | Uint8Array; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): CliResult {
  const result = spawnSync(process.execPath, [LAB_BIN, ...args], {
    input: options.input,
    env: { ...process.env, NO_COLOR: "1", ...options.env },
    cwd: options.cwd ?? REPO_ROOT,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
