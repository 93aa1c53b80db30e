/**
 * The CLI edge: parses arguments, runs one subcommand, and is the one place where errors become
 * messages and exit statuses (CONTRACT.md: 0 accepted/ok, 1 rejected/expectation failed, 2+ lab errors).
 */
import { Command, CommanderError } from "commander";
import { ERROR_CODES, exitStatusOf, formatWhere, isLabError, LabError } from "../lab/errors.js";
import { registerCommands } from "./commands/index.js";
import { colorWanted } from "./output.js";
import { LAB_VERSION } from "./version.js";

export async function main(argv: string[]): Promise<number> {
  const wantsJson = argv.includes("--json");
  const debug = argv.includes("--debug");
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: "user" });
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (error) {
    return reportError(toLabError(error), { json: wantsJson, debug, original: error });
  }
}

export function buildProgram(): Command {
  const program = new Command("lab")
    .description("What does kernel K on arch A do with BPF program P, and does our model of K agree?")
    .version(LAB_VERSION, "-V, --version")
    .option("--json", "print exactly one JSON object on stdout")
    .option("--debug", "show stack traces of errors")
    .exitOverride()
    .configureOutput({ outputError: () => {} });
  registerCommands(program);
  for (const sub of program.commands) sub.exitOverride().configureOutput({ outputError: () => {} });
  return program;
}

function toLabError(error: unknown): LabError {
  if (isLabError(error)) return error;
  if (error instanceof CommanderError) {
    return new LabError("LAB_ARGS_INVALID", error.message.replace(/^error: /, ""), {
      cause: error,
      hint: "run `lab --help` or `lab COMMAND --help` for usage",
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new LabError("LAB_INTERNAL", `unexpected failure: ${message}`, { cause: error });
}

function reportError(error: LabError, options: { json: boolean; debug: boolean; original: unknown }): number {
  const original = options.original;
  // --help and --version are not errors, commander reports them through exitOverride.
  if (original instanceof CommanderError && original.exitCode === 0) return 0;
  if (original instanceof CommanderError && original.code === "commander.help") return 0;
  const where = formatWhere(error.where);
  if (options.json) {
    const payload = { error: { code: error.code, message: error.message, where: where || null } };
    process.stdout.write(`${JSON.stringify(payload, null, 2)}\n`);
  } else {
    const color = colorWanted(process.stderr);
    const head = color ? `\x1b[31merror\x1b[39m` : "error";
    const lines = [`${head} ${error.code}: ${where ? `${where}: ` : ""}${error.message}`];
    if (error.hint) lines.push(`  hint: ${error.hint}`);
    process.stderr.write(`${lines.join("\n")}\n`);
  }
  const showStack = options.debug || ERROR_CODES[error.code] === "internal";
  if (showStack && original instanceof Error && original.stack) {
    process.stderr.write(`${original.stack}\n`);
  }
  return exitStatusOf(error.code);
}
