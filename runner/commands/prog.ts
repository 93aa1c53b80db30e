/** `lab prog NAME`: write a generated program (e.g. Slurm's device program) to a file. */
import type { Command } from "commander";
import { LabError } from "../../lab/errors.js";
import { outputFor } from "../context.js";
import { parseChoice, parseInteger } from "../parse-args.js";

interface ProgCliOptions {
  list?: boolean;
  devices?: number;
  device?: string[];
  deny?: string;
  defaultAction?: string;
  param?: string[];
  output?: string;
  format?: "bin" | "text";
}

export function register(program: Command): void {
  program
    .command("prog")
    .description("generate a program (lab prog --list shows the generators) and write it as .bin or text")
    .argument("[generator]", "generator name, e.g. slurm-device")
    .option("--list", "list the generators and their parameters")
    .option("--devices <n>", "slurm-device: N GPU-like devices (c 195:0..N-1)", parseInteger("--devices"))
    .option("--device <spec>", "slurm-device: one rule 'TYPE MAJOR:MINOR [allow|deny]' (repeatable)", collect)
    .option("--deny <indices>", "slurm-device: devices to deny: all, none, 1-22,30")
    .option("--default-action <action>", "slurm-device: allow | deny when no rule matches [allow]")
    .option("--param <key=value>", "any generator parameter (value as JSON or text; repeatable)", collect)
    .option("-o, --output <file>", "where to write (- for stdout)")
    .option(
      "--format <fmt>",
      "bin | text [from the file name: .s/.asm/.txt are text]",
      parseChoice("--format", ["bin", "text"] as const),
    )
    .addHelpText(
      "after",
      "\nExamples:\n  lab prog --list\n  lab prog slurm-device --devices 23 --deny 1-22 -o slurm23.bin\n  lab prog slurm-device --device 'c 195:0' --device 'c 195:* deny' -o rules.s",
    )
    .action(async (name: string | undefined, options: ProgCliOptions, command: Command) => {
      const out = outputFor(command);
      const generators = await import("../../lab/programs/generators/index.js");
      if (options.list) {
        const list = generators.GENERATORS.map(({ name, describe, params }) => ({ name, describe, params }));
        if (out.json) out.result({ generators: list });
        else for (const g of list) out.line(formatGenerator(g));
        return;
      }
      if (!name) throw usage("name a generator (lab prog --list shows them)", undefined);
      if (!options.output) throw usage("-o FILE is required (- for stdout)", undefined);
      if (options.output === "-" && out.json) throw usage("-o - and --json both want stdout", "-");
      const params = paramsOf(options);
      const program = generators.generateProgram(name, params);
      const { renderProgram, formatForPath } = await import("../../lab/programs/generators/emit.js");
      const format = options.format ?? formatForPath(options.output);
      const bytes = renderProgram(program, format);
      if (options.output === "-") {
        process.stdout.write(bytes);
        return;
      }
      const { writeFileAtomic } = await import("../../lab/programs/generators/write.js");
      await writeFileAtomic(options.output, bytes);
      const { createHash } = await import("node:crypto");
      const summary = {
        generator: name,
        params,
        output: options.output,
        format,
        name: program.name,
        progType: program.progType,
        license: program.license,
        insns: program.insns.length,
        bytes: bytes.length,
        sha256: createHash("sha256").update(bytes).digest("hex"),
      };
      if (out.json) out.result(summary);
      else out.line(`${name}: ${summary.insns} insns (${program.progType}) -> ${options.output} [${format}]`);
    });
}

function paramsOf(options: ProgCliOptions): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  if (options.devices !== undefined && options.device) {
    throw usage("give --devices N or --device SPEC, not both", options.devices);
  }
  if (options.devices !== undefined) params.devices = options.devices;
  if (options.device) params.devices = options.device;
  if (options.deny !== undefined) params.deny = options.deny;
  if (options.defaultAction !== undefined) params.defaultAction = options.defaultAction;
  for (const pair of options.param ?? []) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw usage(`--param wants key=value, got ${JSON.stringify(pair)}`, pair);
    params[pair.slice(0, eq)] = parseValue(pair.slice(eq + 1));
  }
  return params;
}

function parseValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function formatGenerator(g: {
  name: string;
  describe: string;
  params: readonly { name: string; type: string; default: unknown; description: string }[];
}): string {
  const params = g.params.map(
    (p) =>
      `    ${p.name} (${p.type}${p.default === undefined ? ", required" : `, default ${JSON.stringify(p.default)}`}): ${p.description}`,
  );
  return [`${g.name}: ${g.describe}`, ...params].join("\n");
}

function usage(message: string, value: unknown): LabError {
  return new LabError("LAB_ARGS_INVALID", message, { where: { value } });
}
