/**
 * Runs the built CLI in a child process without blocking this one (test/helpers/cli.ts's runLab is
 * synchronous, which would stall an HTTP server living in the test's own process).
 */
import { spawn } from "node:child_process";
import type { CliResult } from "../../helpers/cli.js";
import { LAB_BIN } from "../../helpers/cli.js";

export function runLabAsync(args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [LAB_BIN, ...args], {
      env: { ...process.env, NO_COLOR: "1", ...env },
      cwd,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on("data", (c: Buffer) => {
      stderr += c.toString();
    });
    child.on("close", (status) => resolve({ status: status ?? -1, stdout, stderr }));
  });
}
