/** Builds the Program of a scenario program instance: a generator's output or a file's program. */

import type { ScenarioProgram } from "../../lab/config/types.js";
import { LabError } from "../../lab/errors.js";
import type { Program } from "../../lab/program.js";
import { GENERATORS } from "../../lab/programs/generators/index.js";
import { readProgramFile } from "../../lab/programs/read.js";
import { pickProgram } from "../load-run.js";

export function createProgramCache() {
  const cache = new Map<string, Promise<Program>>();
  return (program: ScenarioProgram): Promise<Program> => {
    let hit = cache.get(program.key);
    if (!hit) {
      hit = buildProgram(program);
      cache.set(program.key, hit);
    }
    return hit;
  };
}

async function buildProgram(p: ScenarioProgram): Promise<Program> {
  let program: Program;
  if (p.source.kind === "generator") {
    const name = p.source.name;
    const generator = GENERATORS.find((g) => g.name === name);
    if (!generator) {
      throw new LabError("LAB_CONFIG_INVALID", `unknown program generator ${JSON.stringify(name)}`, {
        where: p.where,
      });
    }
    program = generator.generate(p.params);
  } else {
    const all = await readProgramFile(p.source.path, {
      section: p.source.section ?? undefined,
      prog: p.source.prog ?? undefined,
    });
    program = pickProgram(all, p.source.path);
  }
  return {
    ...program,
    progType: p.progType ?? program.progType,
    expectedAttachType: p.expectedAttachType ?? program.expectedAttachType,
  };
}
