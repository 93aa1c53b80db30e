/** `lab stat FILES...`: veristat's job on any backend — one row per program of every file. */
import type { Command } from "commander";
import { ARCH_NAMES } from "../../lab/arch.js";
import { BACKEND_NAMES } from "../../lab/backend.js";
import { outputFor } from "../context.js";
import { parseChoice } from "../parse-args.js";

export interface StatCliOptions {
  backend: "model" | "host" | "qemu";
  kernel?: string;
  arch?: "x86_64" | "arm64";
  progType?: string;
  output: "table" | "csv" | "json";
  emit?: string;
  filter: string[];
  features?: string;
}

export function register(program: Command): void {
  program
    .command("stat")
    .description(
      "verifier statistics for every program of every file, as veristat prints them, on any backend",
    )
    .argument("<files...>", "BPF ELF objects (.o), raw .bin or text programs")
    .option("--backend <name>", "model | host | qemu", parseChoice("--backend", BACKEND_NAMES), "model")
    .option("--kernel <id>", "kernel id (see `lab load --help`)")
    .option("--arch <arch>", "x86_64 | arm64", parseChoice("--arch", ARCH_NAMES))
    .option("--prog-type <name>", "program type for files that do not say (raw and text programs)")
    .option("--features <list>", "model: toggle profile features")
    .option(
      "-o, --output <fmt>",
      "table | csv | json",
      parseChoice("-o", ["table", "csv", "json"] as const),
      "table",
    )
    .option("-e, --emit <spec>", "stats to show (veristat names)")
    .option(
      "-f, --filter <expr>",
      "FILE_GLOB[/PROG_GLOB], !deny, @file, or a stat expression (repeatable)",
      (v: string, p: string[]) => [...p, v],
      [],
    )
    .addHelpText(
      "after",
      "\nExamples:\n  lab stat prog.o --backend host\n  lab stat prog.o --kernel 6.1.170 -o csv > a.csv",
    )
    .action(async (files: string[], options: StatCliOptions, command: Command) => {
      const out = outputFor(command);
      const { runStat } = await import("../stat-run.js");
      const result = await runStat(files, options);
      if (out.json || options.output === "json") out.result(result.rows);
      else process.stdout.write(options.output === "csv" ? result.csv : result.table);
    });
}
