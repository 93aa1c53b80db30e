/**
 * The registry of program generators: scenarios name one (`generator: slurm-device`, `params:
 * {...}`) and `lab prog NAME` runs one. Each entry describes itself, lists its parameters (name,
 * type, default) and turns a params object into a Program. Unknown parameter names are rejected.
 */
import { LabError } from "../../errors.js";
import { randomProgram } from "../../model/random/program.js";
import type { Program } from "../../program.js";
import { slurmDeviceProgram } from "./slurm-device.js";
import type { SlurmDeviceParams } from "./slurm-device-rules.js";

export type ParamType = "count-or-devices" | "indices" | "enum" | "integer" | "string";

export interface ParamSpec {
  name: string;
  type: ParamType;
  /** undefined: the parameter is required */
  default: unknown;
  description: string;
  /** for "enum" */
  values?: readonly string[];
}

export interface ProgramGenerator {
  name: string;
  describe: string;
  params: readonly ParamSpec[];
  generate(params: Record<string, unknown>): Program;
}

const slurmDevice: ProgramGenerator = {
  name: "slurm-device",
  describe:
    "Slurm 22.05/23.02 cgroup/v2 device program (BPF_PROG_TYPE_CGROUP_DEVICE), byte-identical to ebpf.c's builder",
  params: [
    {
      name: "devices",
      type: "count-or-devices",
      default: undefined,
      description:
        "N (GPU-like devices c 195:0..N-1) or a list of 'TYPE MAJOR:MINOR [allow|deny]' (TYPE a|b|c, * = any) or {type, major, minor, allow}",
    },
    {
      name: "deny",
      type: "indices",
      default: "none",
      description: "indices of the devices to deny: all, none, 1-22,30 or a list of numbers",
    },
    {
      name: "defaultAction",
      type: "enum",
      default: "allow",
      values: ["allow", "deny"],
      description: "the return value when no rule matches (Slurm always uses allow)",
    },
  ],
  generate: (params) => slurmDeviceProgram(params as unknown as SlurmDeviceParams),
};

const random: ProgramGenerator = {
  name: "random",
  describe:
    "a seeded random cgroup_device program of ALU/JMP on ctx scalars, as the model's differential test loads it (lab model diff)",
  params: [
    {
      name: "seed",
      type: "integer",
      default: undefined,
      description: "the seed (1.. as lab model diff numbers them)",
    },
  ],
  generate: (params) => randomProgram(seedOf(params.seed)),
};

function seedOf(value: unknown): number {
  const seed = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof seed !== "number" || !Number.isSafeInteger(seed) || seed < 0) {
    throw new LabError(
      "LAB_ARGS_INVALID",
      `random: seed must be a non-negative integer, not ${JSON.stringify(value)}`,
      {
        where: { value: String(value) },
      },
    );
  }
  return seed;
}

export const GENERATORS: readonly ProgramGenerator[] = [slurmDevice, random];

export function generatorNames(): string[] {
  return GENERATORS.map((g) => g.name);
}

export function findGenerator(name: string): ProgramGenerator {
  const found = GENERATORS.find((g) => g.name === name);
  if (!found) {
    throw new LabError("LAB_ARGS_INVALID", `unknown program generator ${JSON.stringify(name)}`, {
      where: { value: name },
      hint: `generators: ${generatorNames().join(", ")} (lab prog --list)`,
    });
  }
  return found;
}

/** Check the names, fill in defaults, and generate. */
export function generateProgram(name: string, params: Record<string, unknown> = {}): Program {
  const generator = findGenerator(name);
  const known = new Set(generator.params.map((p) => p.name));
  for (const key of Object.keys(params)) {
    if (!known.has(key)) {
      throw new LabError("LAB_ARGS_INVALID", `${name}: unknown parameter ${JSON.stringify(key)}`, {
        where: { value: key },
        hint: `parameters: ${[...known].join(", ")}`,
      });
    }
  }
  const filled: Record<string, unknown> = {};
  for (const spec of generator.params) {
    const value = params[spec.name] ?? spec.default;
    if (value === undefined) {
      throw new LabError("LAB_ARGS_INVALID", `${name}: parameter ${spec.name} is required`, {
        where: { value: spec.name },
        hint: spec.description,
      });
    }
    filled[spec.name] = value;
  }
  const program = generator.generate(filled);
  return { ...program, source: { origin: `generator:${name}`, format: "generator" } };
}
