/**
 * What the rest of the lab calls: `lab images build ID` (buildImage), `lab bisect --patches`
 * (buildWithPatches: a subset of a recipe's patch files), and the config step alone
 * (configureRecipe, to compare builders).
 */
import { basename } from "node:path";
import { LabError } from "../../lab/errors.js";
import { type BuildOptions, type BuildResult, buildRecipe } from "./local.js";
import { type PatchRef, type SeriesStep, seriesOf } from "./patches.js";
import { findRecipe, loadLab } from "./recipe.js";
import type { SourceRecipe } from "./source.js";

export interface ConfigResult {
  config: string;
  objDir: string;
  key: string;
  log: string;
}

/** The config step only (source, series, base + fragments, olddefconfig, the check): the .config. */
export async function configureRecipe(
  recipe: SourceRecipe,
  series: SeriesStep[],
  options: BuildOptions = {},
): Promise<ConfigResult> {
  const result = await buildRecipe(recipe, series, { ...options, configOnly: true });
  return { config: result.config ?? "", objDir: result.objDir, key: result.key, log: result.log };
}

/** `lab images build ID`: the recipe's own series. */
export async function buildImage(recipeId: string, options: BuildOptions = {}): Promise<BuildResult> {
  const lab = options.lab === undefined ? loadLab() : options.lab;
  const recipe = findRecipe(lab, recipeId, options.arch);
  return buildRecipe(recipe, seriesOf(recipe.patches, recipe.revert), { ...options, lab });
}

/**
 * For `lab bisect --patches`: the recipe built with only some of its patch files (by path or
 * file name; a file of `revert:` stays a revert). Unknown names are an error.
 */
export async function buildWithPatches(
  recipeId: string,
  patchSubset: string[],
  options: BuildOptions = {},
): Promise<BuildResult> {
  const lab = options.lab === undefined ? loadLab() : options.lab;
  const recipe = findRecipe(lab, recipeId, options.arch);
  const named = (p: PatchRef) => patchSubset.some((s) => s === p.file || s === basename(p.file));
  for (const wanted of patchSubset) {
    const all = [...recipe.patches, ...recipe.revert];
    if (!all.some((p) => wanted === p.file || wanted === basename(p.file))) {
      throw new LabError("LAB_ARGS_INVALID", `${wanted} is not a patch of recipe ${recipeId}`, {
        where: { value: wanted },
        hint: `its patches: ${all.map((p) => basename(p.file)).join(", ") || "none"}`,
      });
    }
  }
  const series = seriesOf(recipe.patches.filter(named), recipe.revert.filter(named));
  // the image's id says which subset it is: src-5.10-tiny-prebackport@0002+0003
  const tag = series
    .map(
      (s) =>
        basename(s.file)
          .replace(/\.patch$/, "")
          .split("-")[0],
    )
    .sort()
    .join("+");
  return buildRecipe({ ...recipe, id: `${recipeId}@${tag || "none"}` }, series, { ...options, lab });
}
