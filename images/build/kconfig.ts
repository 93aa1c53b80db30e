/**
 * The config step of a build, in the output folder (O=): the base (`make tinyconfig` or
 * `defconfig`, or a Debian prebuilt image's config), the fragments merged over it, `make
 * olddefconfig`, then the check that every fragment option stuck.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { KernelConfigRecipe } from "../../lab/config/types.js";
import { checkFragmentsStuck, type Fragment, mergeFragments } from "./config.js";
import { type MakeOptions, runMake } from "./make.js";

export interface ConfigInputs {
  recipe: KernelConfigRecipe;
  /** every fragment, in merge order (the recipe's, then the lab's arch fragment) */
  fragments: Fragment[];
  /** the text of a Debian image's config, for base: debian */
  debianBase: string | null;
}

export function readFragments(files: string[]): Fragment[] {
  return files.map((file) => ({ file, text: readFileSync(file, "utf8") }));
}

/** Writes the final .config into options.obj and returns its text. */
export async function configure(inputs: ConfigInputs, options: MakeOptions): Promise<string> {
  const path = join(options.obj, ".config");
  if (inputs.recipe.base === "debian") {
    writeFileSync(path, inputs.debianBase ?? "");
  } else {
    await runMake([inputs.recipe.base], options);
  }
  writeFileSync(path, mergeFragments(readFileSync(path, "utf8"), inputs.fragments));
  await runMake(["olddefconfig"], options);
  const final = readFileSync(path, "utf8");
  checkFragmentsStuck(final, inputs.fragments, path);
  return final;
}
