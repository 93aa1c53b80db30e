/**
 * Loading config files from disk: `loadConfigFile(path)` for lab.yaml, `loadScenarioFile(path)`
 * for scenarios (resolved against the lab.yaml found beside or above them), `findLabConfig(dir)`.
 * Each returns normalized values or throws a LabError (LAB_CONFIG_INVALID with FILE:LINE:COL,
 * LAB_FILE_NOT_FOUND).
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { LabError } from "../errors.js";
import { GENERATORS } from "../programs/generators/index.js";
import { type DocumentKind, kindOfText } from "./kind.js";
import { emptyLabConfig } from "./normalize-lab.js";
import type { GeneratorInfo } from "./scenario/programs.js";
import type { LabConfig, Scenario } from "./types.js";
import { type ValidateContext, type Validated, validateDocument } from "./validate.js";

export function readConfigText(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "EISDIR" || code === "ENOTDIR") {
      throw new LabError(
        "LAB_FILE_NOT_FOUND",
        code === "EISDIR" ? "is a directory, not a config file" : "no such file",
        { where: { file: path }, cause: error },
      );
    }
    throw new LabError("LAB_CONFIG_INVALID", `cannot read: ${(error as Error).message}`, {
      where: { file: path },
      cause: error,
    });
  }
}

export function loadConfigFile(path: string): LabConfig {
  return validateDocument(readConfigText(path), path, "lab", { fileExists: existsSync }).value;
}

/** the nearest lab.yaml in `dir` or above it, or null */
export function findLabConfig(dir: string): string | null {
  for (let at = resolve(dir); ; at = dirname(at)) {
    const candidate = join(at, "lab.yaml");
    if (existsSync(candidate)) return candidate;
    if (dirname(at) === at) return null;
  }
}

export interface ScenarioLoadOptions {
  /** the lab config to resolve image ids against [the nearest lab.yaml, else none] */
  lab?: LabConfig;
  /** [the lab's registry, lab/programs/generators] */
  generators?: readonly GeneratorInfo[];
}

export function loadScenarioFile(path: string, options: ScenarioLoadOptions = {}): Scenario {
  const text = readConfigText(path);
  const lab = options.lab ?? labFor(path);
  return validateDocument(text, path, "scenario", { lab, fileExists: existsSync, ...generatorsOf(options) })
    .value;
}

/** `lab validate`: either kind, told by content unless given */
export function loadAnyConfigFile(
  path: string,
  kind: DocumentKind | "auto" = "auto",
  options: ScenarioLoadOptions = {},
): Validated {
  const text = readConfigText(path);
  const chosen = kind === "auto" ? kindOfText(text, path) : kind;
  if (chosen === "lab") return validateDocument(text, path, "lab", { fileExists: existsSync });
  const lab = options.lab ?? labFor(path);
  return validateDocument(text, path, "scenario", { lab, fileExists: existsSync, ...generatorsOf(options) });
}

function labFor(scenarioPath: string): LabConfig {
  const found = findLabConfig(dirname(resolve(scenarioPath)));
  return found ? loadConfigFile(found) : emptyLabConfig();
}

function generatorsOf(options: ScenarioLoadOptions): Pick<ValidateContext, "generators"> {
  return { generators: options.generators ?? GENERATORS };
}
