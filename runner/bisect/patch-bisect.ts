/**
 * `lab bisect --patches RECIPE`: which patch files of a source recipe's revert series flip a
 * program's outcome on the booted kernel. Good = the recipe as written (every revert applied);
 * bad = the same source with none of them reverted. A probe builds the kernel with only some
 * reverts (incremental on the kept tree), boots it under QEMU and loads the program. A subset
 * whose patches do not apply on their own is reported and counts as "does not flip".
 */
import { basename } from "node:path";
import { buildWithPatches } from "../../images/build/api.js";
import { initramfsFor } from "../../images/resolve.js";
import type { Arch, LoadOptions } from "../../lab/backend.js";
import { findLabConfig, loadConfigFile } from "../../lab/config/load.js";
import { isLabError, LabError } from "../../lab/errors.js";
import { createQemuBackend } from "../../lab/kernel/qemu/backend.js";
import type { Program } from "../../lab/program.js";
import type { Outcome } from "./model-bisect.js";
import { sameOutcome } from "./model-bisect.js";
import { findCulprits } from "./search.js";

export interface PatchProbe {
  /** revert files still applied (the commits absent from the kernel) */
  reverted: string[];
  outcome: Outcome | null;
  error: string | null;
}

export interface PatchBisectResult {
  recipe: string;
  series: string[];
  good: PatchProbe;
  bad: PatchProbe;
  differs: boolean;
  /** commits (named by their revert file) whose presence alone gives the bad outcome */
  singles: string[];
  minimal: string[];
  probes: PatchProbe[];
}

export async function bisectPatches(
  recipeId: string,
  program: Program,
  load: LoadOptions,
  arch: Arch,
  onProbe?: (p: PatchProbe) => void,
): Promise<PatchBisectResult> {
  const labFile = findLabConfig(process.cwd());
  if (!labFile)
    throw new LabError("LAB_ARGS_INVALID", "lab bisect --patches needs a lab.yaml with the recipe");
  const lab = loadConfigFile(labFile);
  const recipe = lab.images[recipeId];
  if (!recipe || recipe.source === "debian") {
    throw new LabError("LAB_ARGS_INVALID", `${recipeId} is not a source recipe of ${labFile}`, {
      where: { value: recipeId },
    });
  }
  const series = recipe.revert.map((p) => basename(p.file));
  if (series.length === 0)
    throw new LabError("LAB_ARGS_INVALID", `recipe ${recipeId} has no revert: series to bisect`, {
      where: { value: recipeId },
    });
  const probes: PatchProbe[] = [];
  const probe = async (reverted: string[]): Promise<PatchProbe> => {
    let result: PatchProbe;
    try {
      const built = await buildWithPatches(recipeId, reverted, { lab, arch });
      const initramfs = await initramfsFor(built.image, {});
      const backend = await createQemuBackend({
        kernel: built.image.id,
        arch,
        resolve: async () => ({
          kernelPath: built.image.kernelPath,
          initramfsPath: initramfs.path,
          release: built.image.release,
        }),
      } as Parameters<typeof createQemuBackend>[0]);
      try {
        const r = await backend.load({ ...load, program });
        result = {
          reverted,
          outcome: { verdict: r.verdict, errno: r.errno, logTrueSize: r.logTrueSize },
          error: null,
        };
      } finally {
        await backend.close();
      }
    } catch (error) {
      if (!isLabError(error)) throw error;
      result = { reverted, outcome: null, error: `${error.code}: ${error.message}` };
    }
    probes.push(result);
    onProbe?.(result);
    return result;
  };
  const good = await probe(series);
  const bad = await probe([]);
  const base = { recipe: recipeId, series, good, bad };
  if (!good.outcome || !bad.outcome || sameOutcome(good.outcome, bad.outcome)) {
    return { ...base, differs: false, singles: [], minimal: [], probes };
  }
  const badOutcome = bad.outcome;
  // a change is a commit present in the kernel: its revert file left out
  const search = await findCulprits(series, async (present) => {
    const p = await probe(series.filter((f) => !present.includes(f)));
    return p.outcome !== null && sameOutcome(p.outcome, badOutcome);
  });
  return { ...base, differs: true, singles: search.singles, minimal: search.minimal, probes };
}
