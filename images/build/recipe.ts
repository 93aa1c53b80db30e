/**
 * Source recipes from lab.yaml (lab/config: `source: debian-src | kernel.org | path`, a config
 * base with fragments, `patches:` and `revert:` pinned by SHA256), looked up by id.
 */
import type { Arch } from "../../lab/backend.js";
import { findLabConfig, loadConfigFile } from "../../lab/config/load.js";
import type { ImageRecipe, LabConfig } from "../../lab/config/types.js";
import { LabError } from "../../lab/errors.js";
import type { SourceRecipe } from "./source.js";

export function loadLab(cwd: string = process.cwd()): LabConfig | null {
  const file = findLabConfig(cwd);
  return file ? loadConfigFile(file) : null;
}

export function isSourceRecipe(recipe: ImageRecipe | undefined): recipe is SourceRecipe {
  return recipe !== undefined && recipe.source !== "debian";
}

/** The recipe `id` names, for `arch` (the recipe's own unless another is asked for). */
export function findRecipe(lab: LabConfig | null, id: string, arch?: Arch): SourceRecipe {
  const recipe = lab?.images[id];
  if (!recipe) {
    const known = Object.values(lab?.images ?? {})
      .filter(isSourceRecipe)
      .map((r) => r.id);
    throw new LabError(
      "IMAGE_NOT_FOUND",
      `no source recipe ${JSON.stringify(id)} in ${lab?.file ?? "lab.yaml (none found)"}`,
      {
        where: { value: id },
        hint: known.length
          ? `source recipes: ${known.join(", ")}`
          : "add one under images: with source: debian-src | kernel.org | path",
      },
    );
  }
  if (!isSourceRecipe(recipe)) {
    throw new LabError("LAB_ARGS_INVALID", `${id} is a prebuilt Debian image, not a source recipe`, {
      where: { value: id },
      hint: `fetch it with \`lab images fetch ${id}\``,
    });
  }
  return arch ? { ...recipe, arch } : recipe;
}
