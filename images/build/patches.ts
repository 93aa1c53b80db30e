/**
 * Patch series on a kernel tree. A recipe's `revert:` files are applied in reverse (`patch -R`),
 * last first, and then its `patches:` in order; every file's SHA256 is checked against the pin
 * first. Each step is dry-run before it is applied, so a patch that does not apply leaves the tree
 * as it was and fails naming the patch file, the target file and the hunk.
 *
 * The tree remembers what is applied (`.lab-series/`: a copy of each patch and `applied.json`), so
 * a recipe that differs only by patches reuses the same tree: the steps past the common prefix are
 * undone (the inverse patch, newest first) and the new ones applied; make then rebuilds only the
 * files they touched.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { execa } from "execa";
import { LabError } from "../../lab/errors.js";

export interface PatchRef {
  file: string;
  sha256: string;
}

export interface SeriesStep {
  /** the patch file as the recipe names it */
  file: string;
  sha256: string;
  reverse: boolean;
}

const STATE_DIR = ".lab-series";

export function sha256Of(data: Buffer | string): string {
  return createHash("sha256").update(data).digest("hex");
}

/** The steps of a recipe: reverts (reversed, last first), then patches in order. */
export function seriesOf(patches: PatchRef[], revert: PatchRef[]): SeriesStep[] {
  return [
    ...[...revert].reverse().map((p) => ({ ...p, reverse: true })),
    ...patches.map((p) => ({ ...p, reverse: false })),
  ];
}

/** Reads a patch and checks its pinned SHA256 (IMAGE_PATCH_MISMATCH, or LAB_FILE_NOT_FOUND). */
export function readPinnedPatch(ref: PatchRef): Buffer {
  if (!existsSync(ref.file)) {
    throw new LabError("LAB_FILE_NOT_FOUND", `patch ${ref.file} does not exist`, {
      where: { file: ref.file },
    });
  }
  const data = readFileSync(ref.file);
  const actual = sha256Of(data);
  if (actual !== ref.sha256) {
    throw new LabError(
      "IMAGE_PATCH_MISMATCH",
      `patch ${ref.file} has SHA256 ${actual}, the recipe pins ${ref.sha256}`,
      {
        where: { file: ref.file, value: actual },
        hint: "the patch changed since the recipe was written: check it, then update its sha256 in lab.yaml",
      },
    );
  }
  return data;
}

/** 1-based line in the patch text of hunk `n` (1-based) of the diff of `target`. */
export function hunkLine(patch: string, target: string, n: number): number | undefined {
  const lines = patch.split("\n");
  let inTarget = false;
  let seen = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith("+++ "))
      inTarget =
        line
          .slice(4)
          .split("\t")[0]!
          .replace(/^[ab]\//, "") === target;
    else if (inTarget && line.startsWith("@@ ") && ++seen === n) return i + 1;
  }
  return undefined;
}

export interface PatchFailure {
  target: string;
  hunk: number;
  at: number | null;
}

/** The first failed hunk in `patch` output ("patching file X" ... "Hunk #2 FAILED at 1234."). */
export function parsePatchFailure(output: string): PatchFailure | null {
  let target = "";
  for (const line of output.split("\n")) {
    const file = /^(?:checking|patching) file (.+)$/.exec(line);
    if (file) target = file[1]!.replace(/^'|'$/g, "");
    const failed = /^Hunk #(\d+) FAILED(?: at (\d+))?/.exec(line);
    if (failed) return { target, hunk: Number(failed[1]), at: failed[2] ? Number(failed[2]) : null };
    const missing = /^(?:can't find file to patch|No file to patch)/.exec(line);
    if (missing) return { target: target || "?", hunk: 1, at: null };
  }
  return null;
}

async function runPatch(tree: string, data: Buffer, reverse: boolean, dryRun: boolean) {
  const args = ["-p1", "--forward", "--batch", "--no-backup-if-mismatch", "-r", "-", "-d", tree];
  if (reverse) args.push("-R");
  if (dryRun) args.push("--dry-run");
  return execa("patch", args, { input: data, reject: false, all: true });
}

/** Applies one step (dry run first); throws IMAGE_PATCH_FAILED naming file and hunk. */
export async function applyStep(tree: string, file: string, data: Buffer, reverse: boolean): Promise<void> {
  const dry = await runPatch(tree, data, reverse, true);
  if (dry.exitCode !== 0) {
    const output = String(dry.all ?? "");
    const failure = parsePatchFailure(output);
    const what = reverse ? "revert on" : "apply to";
    const hunk = failure
      ? `${failure.target} hunk #${failure.hunk}${failure.at ? ` (at line ${failure.at})` : ""}`
      : "";
    const line = failure ? hunkLine(data.toString(), failure.target, failure.hunk) : undefined;
    throw new LabError(
      "IMAGE_PATCH_FAILED",
      `patch ${basename(file)} does not ${what} ${tree}${hunk ? `: ${hunk}` : ""}`,
      {
        where: { file, ...(line ? { line, col: 1 } : {}), value: hunk || output.trim().split("\n").pop() },
        hint: `patch said:\n${output.trim().split("\n").slice(-6).join("\n")}`,
      },
    );
  }
  const real = await runPatch(tree, data, reverse, false);
  if (real.exitCode !== 0) {
    throw new LabError("IMAGE_PATCH_FAILED", `patch ${basename(file)} failed after a clean dry run`, {
      where: { file },
      hint: String(real.all ?? ""),
    });
  }
}

interface AppliedStep extends SeriesStep {
  copy: string;
}

function statePath(tree: string): string {
  return join(tree, STATE_DIR, "applied.json");
}

export function appliedSteps(tree: string): AppliedStep[] {
  try {
    return JSON.parse(readFileSync(statePath(tree), "utf8")) as AppliedStep[];
  } catch {
    return [];
  }
}

function saveApplied(tree: string, steps: AppliedStep[]): void {
  const path = statePath(tree);
  writeFileSync(`${path}.tmp`, `${JSON.stringify(steps, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
}

function sameStep(a: SeriesStep, b: SeriesStep): boolean {
  return a.sha256 === b.sha256 && a.reverse === b.reverse;
}

export interface SeriesChange {
  undone: SeriesStep[];
  applied: SeriesStep[];
}

/**
 * Brings the tree to exactly `steps` applied: checks every pin, undoes what differs (newest
 * first), applies the rest. The state file is updated after each step.
 */
export async function syncSeries(tree: string, steps: SeriesStep[]): Promise<SeriesChange> {
  const data = steps.map((step) => readPinnedPatch(step));
  mkdirSync(join(tree, STATE_DIR), { recursive: true });
  const current = appliedSteps(tree);
  let common = 0;
  while (common < current.length && common < steps.length && sameStep(current[common]!, steps[common]!))
    common++;
  const undone: SeriesStep[] = [];
  while (current.length > common) {
    const top = current[current.length - 1]!;
    await applyStep(tree, top.file, readFileSync(top.copy), !top.reverse);
    current.pop();
    saveApplied(tree, current);
    undone.push(top);
  }
  const applied: SeriesStep[] = [];
  for (let i = common; i < steps.length; i++) {
    const step = steps[i]!;
    await applyStep(tree, step.file, data[i]!, step.reverse);
    const copy = join(tree, STATE_DIR, `${step.sha256}.patch`);
    writeFileSync(copy, data[i]!);
    current.push({ file: step.file, sha256: step.sha256, reverse: step.reverse, copy });
    saveApplied(tree, current);
    applied.push(step);
  }
  return { undone, applied };
}
