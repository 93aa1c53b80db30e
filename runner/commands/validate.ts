/** `lab validate FILE`: run the config pipeline alone on lab.yaml or a scenario. */
import type { Command } from "commander";
import { outputFor } from "../context.js";
import { parseChoice } from "../parse-args.js";

interface ValidateCliOptions {
  kind?: "lab" | "scenario";
}

export function register(program: Command): void {
  program
    .command("validate")
    .description(
      "check lab.yaml or a scenario: shape, defaults, references; every problem with FILE:LINE:COL",
    )
    .argument("<file>", "lab.yaml or a scenario file")
    .option(
      "--kind <kind>",
      "lab | scenario (default: told by the file's keys)",
      parseChoice("--kind", ["lab", "scenario"] as const),
    )
    .addHelpText(
      "after",
      "\nExamples:\n  lab validate scenarios/slurm-cgroup-device.yaml\n  lab validate lab.yaml --json\n\nExit status: 0 valid; 2 LAB_CONFIG_INVALID (the problems are listed, each with FILE:LINE:COL).",
    )
    .action(async (file: string, options: ValidateCliOptions, command: Command) => {
      const out = outputFor(command);
      const { summarizeConfigFile } = await import("../../lab/config/summary.js");
      const summary = summarizeConfigFile(file, options.kind ?? "auto");
      if (out.json) out.result(summary);
      else {
        out.line(`${file}: ok (${summary.text})`);
        for (const note of summary.notes ?? []) out.note(`note: ${note}`);
      }
    });
}
