/**
 * Runs kbuild's make (execa) with the output appended to the build's log file and a progress
 * callback: kbuild prints one `  CC      path` (AS, LD, AR, ...) line per step, counted against
 * the step count of the previous build in the same output folder when there was one.
 */
import { appendFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { LabError } from "../../lab/errors.js";

export interface MakeProgress {
  steps: number;
  /** steps of the last full build here, when known */
  expected: number | null;
  last: string;
}

/** Runs make with these arguments in the source tree: its merged output and exit status. */
export type MakeExec = (
  args: string[],
  src: string,
) => { output: NodeJS.ReadableStream; done: Promise<number> };

export interface MakeOptions {
  src: string;
  obj: string;
  vars: string[];
  log: string;
  jobs: number;
  onProgress?: (p: MakeProgress) => void;
  /** how make runs [here, with execa]; the Docker builder runs it in a container */
  exec?: MakeExec;
}

export const localMake: MakeExec = (args, src) => {
  const child = execa("make", args, { cwd: src, all: true, reject: false, buffer: false });
  return { output: child.all!, done: child.then((r) => r.exitCode ?? 1) };
};

const STEP = /^\s{2}([A-Z0-9_]{2,8})\s+(\S.*)$/;
const COUNT_FILE = ".lab-steps";

export function isStepLine(line: string): boolean {
  return STEP.test(line);
}

export async function runMake(targets: string[], options: MakeOptions): Promise<{ steps: number }> {
  const args = [`O=${options.obj}`, ...options.vars, `-j${options.jobs}`, ...targets];
  appendFileSync(options.log, `\n$ make -C ${options.src} ${args.join(" ")}\n`);
  const countFile = join(options.obj, COUNT_FILE);
  const expected = existsSync(countFile) ? Number(readFileSync(countFile, "utf8")) || null : null;
  const child = (options.exec ?? localMake)(args, options.src);
  let steps = 0;
  let partial = "";
  let tail: string[] = [];
  child.output.on("data", (chunk: Buffer) => {
    appendFileSync(options.log, chunk);
    const lines = (partial + chunk.toString()).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) {
      tail = [...tail.slice(-30), line];
      if (!isStepLine(line)) continue;
      steps++;
      options.onProgress?.({ steps, expected, last: line.trim() });
    }
  });
  const exitCode = await child.done;
  if (exitCode !== 0) {
    const errors = tail.filter((l) => /error|Error|\*\*\*/.test(l)).slice(-8);
    throw new LabError("IMAGE_BUILD_FAILED", `make ${targets.join(" ")} failed (exit ${exitCode})`, {
      where: { file: options.log },
      hint: `${(errors.length ? errors : tail.slice(-8)).join("\n")}\nfull log: ${options.log}`,
    });
  }
  if (targets.some((t) => !t.endsWith("config")) && steps > (expected ?? 0))
    writeFileSync(countFile, String(steps));
  return { steps };
}
