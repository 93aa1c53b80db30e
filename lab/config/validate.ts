/**
 * The config pipeline, pure: text -> parse (positions) -> shape check -> normalize -> rules.
 * Each stage reports every problem it finds; a stage with problems ends the pipeline with one
 * ConfigError (LAB_CONFIG_INVALID) listing them all, the first as its `where`.
 */
import { dirname, resolve } from "node:path";
import { Issues } from "./issues.js";
import { type DocumentKind, detectKind } from "./kind.js";
import { emptyLabConfig, normalizeLab, type RawLab } from "./normalize-lab.js";
import { parseYaml } from "./parse.js";
import { normalizeScenario, type RawScenario } from "./scenario/normalize.js";
import type { GeneratorInfo } from "./scenario/programs.js";
import { LAB_SCHEMA } from "./schema/lab.js";
import { SCENARIO_SCHEMA } from "./schema/scenario.js";
import { checkShape } from "./shape.js";
import type { Stage } from "./stage.js";
import type { LabConfig, Scenario } from "./types.js";

export interface ValidateContext {
  /** the lab.yaml scenarios resolve image ids against [no images] */
  lab?: LabConfig;
  /** checks referenced files; without it files are not looked at (pure) */
  fileExists?: (path: string) => boolean;
  /** the known program generators; without them any generator and params are accepted (pure) */
  generators?: readonly GeneratorInfo[];
}

export type Validated = { kind: "lab"; value: LabConfig } | { kind: "scenario"; value: Scenario };

export function validateDocument(
  text: string,
  file: string,
  kind: "lab",
  context?: ValidateContext,
): { kind: "lab"; value: LabConfig };
export function validateDocument(
  text: string,
  file: string,
  kind: "scenario",
  context?: ValidateContext,
): { kind: "scenario"; value: Scenario };
export function validateDocument(
  text: string,
  file: string,
  kind?: DocumentKind | "auto",
  context?: ValidateContext,
): Validated;
export function validateDocument(
  text: string,
  file: string,
  kind: DocumentKind | "auto" = "auto",
  context: ValidateContext = {},
): Validated {
  const issues = new Issues();
  const yaml = parseYaml(text, file, issues);
  issues.throwIfAny();
  const chosen = kind === "auto" ? detectKind(yaml, file) : kind;
  const schema = chosen === "lab" ? LAB_SCHEMA : SCENARIO_SCHEMA;
  const { value, positions } = checkShape(yaml, schema.root, issues);
  issues.throwIfAny();
  const absolute = resolve(file);
  const stage: Stage = { file, dir: dirname(absolute), positions, issues, fileExists: context.fileExists };
  const result: Validated =
    chosen === "lab"
      ? { kind: "lab", value: normalizeLab(value as RawLab, stage, absolute) }
      : {
          kind: "scenario",
          value: normalizeScenario(
            value as unknown as RawScenario,
            stage,
            absolute,
            context.lab ?? emptyLabConfig(),
            {
              generators: context.generators,
            },
          ),
        };
  issues.throwIfAny();
  return result;
}
