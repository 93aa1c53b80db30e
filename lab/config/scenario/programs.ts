/** Scenario programs: a file or a generator; ranged or listed params expand to one program per value. */
import { expandRange, parseRange, RANGE_PATTERN, rangeLength } from "../scalars.js";
import { checkFileExists, report, resolvePath, type Stage } from "../stage.js";
import type { ParamValue, ScenarioProgram } from "../types.js";
import { checkGenerator, type GeneratorInfo } from "./generators.js";

export type { GeneratorInfo };

export const MAX_INSTANCES = 10_000;

export interface RawProgram {
  id: string;
  description?: string;
  file?: string;
  generator?: string;
  params?: Record<string, ParamValue>;
  prog_type?: string;
  expected_attach_type?: string;
  section?: string;
  prog?: string;
}

export interface ProgramOptions {
  /** the known generators; when given, other names and unknown or missing params are reported */
  generators?: readonly GeneratorInfo[] | undefined;
}

export function normalizePrograms(
  raw: RawProgram[],
  stage: Stage,
  options: ProgramOptions,
): ScenarioProgram[] {
  return raw.flatMap((program, index) => normalizeProgram(program, ["programs", index], stage, options));
}

function normalizeProgram(
  raw: RawProgram,
  path: Array<string | number>,
  stage: Stage,
  options: ProgramOptions,
): ScenarioProgram[] {
  const base = {
    id: raw.id,
    progType: raw.prog_type ?? null,
    expectedAttachType: raw.expected_attach_type ?? null,
    description: raw.description ?? "",
    where: stage.positions.of(path),
  };
  if (raw.file !== undefined && raw.generator !== undefined) {
    report(stage, [...path, "generator"], "give file: or generator:, not both", { key: true });
    return [];
  }
  if (raw.file !== undefined) {
    for (const key of ["params"] as const) {
      if (raw[key] !== undefined)
        report(stage, [...path, key], "params: are for generators; a file takes none", { key: true });
    }
    const file = resolvePath(stage, raw.file);
    checkFileExists(stage, [...path, "file"], file, "program file");
    const source = {
      kind: "file" as const,
      path: file,
      section: raw.section ?? null,
      prog: raw.prog ?? null,
    };
    return [{ ...base, key: raw.id, source, params: {} }];
  }
  if (raw.generator === undefined) {
    report(
      stage,
      path,
      `program "${raw.id}" needs file: (a program file) or generator: (a generator's name)`,
    );
    return [];
  }
  for (const key of ["section", "prog"] as const) {
    if (raw[key] !== undefined)
      report(stage, [...path, key], `${key}: picks a program of an ELF file; a generator has none`, {
        key: true,
      });
  }
  if (options.generators) checkGenerator(raw, path, stage, options.generators);
  const axes = expandParams(raw.params ?? {}, [...path, "params"], stage);
  if (axes === null) return [];
  const source = { kind: "generator" as const, name: raw.generator };
  return cartesian(axes).map((params) => ({
    ...base,
    key: instanceKey(raw.id, params, axes),
    source,
    params,
  }));
}

type Axes = Array<[string, ParamValue[]]>;

function expandParams(
  raw: Record<string, ParamValue>,
  path: Array<string | number>,
  stage: Stage,
): Axes | null {
  const axes: Axes = [];
  let total = 1;
  for (const [name, value] of Object.entries(raw)) {
    const values = expandValue(value);
    if (values === null) {
      report(
        stage,
        [...path, name],
        `bad range ${JSON.stringify(value)}: write FROM..TO or FROM..TO:STEP with FROM <= TO and STEP >= 1`,
      );
      return null;
    }
    if (values.length === 0) {
      report(stage, [...path, name], "each: [] expands to no programs");
      return null;
    }
    total *= values.length;
    if (total > MAX_INSTANCES) {
      report(stage, [...path, name], `the params expand to more than ${MAX_INSTANCES} programs`);
      return null;
    }
    axes.push([name, values]);
  }
  return axes;
}

function expandValue(value: ParamValue): ParamValue[] | null {
  if (isSweep(value)) return value.each;
  if (typeof value !== "string" || !RANGE_PATTERN.test(value)) return [value];
  const range = parseRange(value);
  if (range === null || rangeLength(range) > MAX_INSTANCES) return null;
  return expandRange(range);
}

function cartesian(axes: Axes): Array<Record<string, ParamValue>> {
  let rows: Array<Record<string, ParamValue>> = [{}];
  for (const [name, values] of axes)
    rows = rows.flatMap((row) => values.map((value) => ({ ...row, [name]: value })));
  return rows;
}

/** `slurm[devices=23]`: the id plus the params that vary between instances */
function instanceKey(id: string, params: Record<string, ParamValue>, axes: Axes): string {
  const varying = axes
    .filter(([, values]) => values.length > 1)
    .map(([name]) => `${name}=${formatValue(params[name])}`);
  return varying.length === 0 ? id : `${id}[${varying.join(",")}]`;
}

function formatValue(value: ParamValue | undefined): string {
  return typeof value === "object" && value !== null ? JSON.stringify(value) : String(value);
}

function isSweep(value: ParamValue): value is { each: ParamValue[] } {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    Object.keys(value).length === 1 &&
    Array.isArray(value.each)
  );
}
