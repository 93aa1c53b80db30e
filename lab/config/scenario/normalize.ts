/** Steps 3 and 4 for a scenario: normalize each section, then the rules between them (unique ids, references). */
import { checkUniqueIds, type Stage } from "../stage.js";
import type { LabConfig, Scenario } from "../types.js";
import { normalizeExpect, type RawExpect } from "./expect.js";
import { normalizeLoaders, type RawLoader } from "./loaders.js";
import { normalizeProbes, type RawProbe } from "./probes.js";
import { normalizePrograms, type ProgramOptions, type RawProgram } from "./programs.js";
import { normalizeTargets, type RawTarget } from "./targets.js";

export interface RawScenario {
  name: string;
  description?: string;
  programs: RawProgram[];
  loaders?: RawLoader[];
  targets: RawTarget[];
  expect?: RawExpect[];
  probes?: RawProbe[];
}

export function normalizeScenario(
  raw: RawScenario,
  stage: Stage,
  absoluteFile: string,
  lab: LabConfig,
  options: ProgramOptions,
): Scenario {
  checkUniqueIds(stage, raw.programs, ["programs"], "program");
  if (raw.loaders) checkUniqueIds(stage, raw.loaders, ["loaders"], "loader");
  if (raw.probes) checkUniqueIds(stage, raw.probes, ["probes"], "probe");
  const programs = normalizePrograms(raw.programs, stage, options);
  const loaders = normalizeLoaders(raw.loaders, stage);
  const targets = normalizeTargets(raw.targets, stage, lab);
  const known = { programs, loaders, targets };
  return {
    file: absoluteFile,
    name: raw.name,
    description: raw.description ?? "",
    programs,
    loaders,
    targets,
    expect: normalizeExpect(raw.expect, stage, known),
    probes: normalizeProbes(raw.probes, stage, programs, loaders),
    where: stage.positions.root,
  };
}
