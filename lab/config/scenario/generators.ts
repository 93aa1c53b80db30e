/** A scenario program's generator checked against the lab's registry: its name, its parameters. */
import { didYouMean } from "../did-you-mean.js";
import { report, type Stage } from "../stage.js";
import type { RawProgram } from "./programs.js";

/** what the config needs to know of a generator (lab/programs/generators: ProgramGenerator fits) */
export interface GeneratorInfo {
  name: string;
  /** a parameter whose default is undefined is required */
  params: ReadonlyArray<{ name: string; default: unknown }>;
}

export function checkGenerator(
  raw: RawProgram,
  path: Array<string | number>,
  stage: Stage,
  generators: readonly GeneratorInfo[],
): void {
  const generator = generators.find((g) => g.name === raw.generator);
  if (!generator) {
    const names = generators.map((g) => g.name);
    const hint = didYouMean(raw.generator!, names) || `; known generators: ${names.join(", ")}`;
    report(stage, [...path, "generator"], `unknown generator "${raw.generator}"${hint}`);
    return;
  }
  const names = generator.params.map((p) => p.name);
  for (const name of Object.keys(raw.params ?? {})) {
    if (!names.includes(name)) {
      const hint = didYouMean(name, names) || `; its parameters: ${names.join(", ")}`;
      report(
        stage,
        [...path, "params", name],
        `generator ${generator.name} has no parameter "${name}"${hint}`,
        { key: true },
      );
    }
  }
  for (const param of generator.params) {
    if (param.default === undefined && raw.params?.[param.name] === undefined) {
      report(
        stage,
        raw.params ? [...path, "params"] : path,
        `generator ${generator.name} needs params: { ${param.name}: ... }`,
      );
    }
  }
}
