/**
 * An exclusive lock between processes, held with flock(2) by a tiny helper process
 * (`flock FILE sh -c 'echo; exec cat'`): it prints a line once it holds the lock and keeps it until
 * its stdin closes. The kernel drops the lock when the helper exits, so a lab process that dies (even
 * by SIGKILL) closes the pipe and never leaves a stale lock behind.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { LabError } from "../../lab/errors.js";

export interface Lock {
  release(): Promise<void>;
}

export async function acquireLock(file: string, timeoutMs = 15 * 60_000): Promise<Lock> {
  const child = spawn(
    "flock",
    [
      "--exclusive",
      "--timeout",
      String(Math.ceil(timeoutMs / 1000)),
      file,
      "sh",
      "-c",
      "echo locked; exec cat",
    ],
    {
      stdio: ["pipe", "pipe", "pipe"],
    },
  );
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  await new Promise<void>((resolve, reject) => {
    const fail = (why: string) =>
      reject(new LabError("IMAGE_LOCK_FAILED", `cannot lock ${file}: ${why}`, { where: { file } }));
    child.once("error", (error) => fail(error.message));
    child.once("exit", (code) => fail(`flock exited with ${code}${stderr ? `: ${stderr.trim()}` : ""}`));
    child.stdout.once("data", () => {
      child.removeAllListeners("exit");
      resolve();
    });
  });
  return {
    release: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.stdin.end();
      }),
  };
}

/** Runs `work` while holding the lock named `name` under the cache's lock folder. */
export async function withLock<T>(locksDir: string, name: string, work: () => Promise<T>): Promise<T> {
  const lock = await acquireLock(join(locksDir, `${name}.lock`));
  try {
    return await work();
  } finally {
    await lock.release();
  }
}
