/** `lab run [SCENARIO.yaml]`: a scenario over programs x loaders x kernels x arches x backends. */
import type { Command } from "commander";
import { outputFor } from "../context.js";
import { parseInteger } from "../parse-args.js";

export interface RunCliOptions {
  resume?: string;
  report?: string;
  concurrency?: number;
}

export function register(program: Command): void {
  program
    .command("run")
    .description(
      "run a scenario (or lab.yaml's default job) and report which kernels fail, from where, and why",
    )
    .argument("[scenario]", "scenario file; default: the `default:` job of lab.yaml")
    .option("--resume <run>", "re-run only the unfinished cells of an earlier run")
    .option("--report <dir>", "write report.md, report.html, junit.xml and per-target veristat CSVs into DIR")
    .option(
      "-j, --concurrency <n>",
      "kernels (VMs) at once [lab.yaml defaults.concurrency, else cores]",
      parseInteger("--concurrency", 1, 64),
    )
    .addHelpText(
      "after",
      "\nExamples:\n  lab run scenarios/slurm-cgroup-device.yaml --report out/\n  lab run --resume 20261123-185301-4f2a\n  lab run --json > run.json",
    )
    .action(async (scenario: string | undefined, options: RunCliOptions, command: Command) => {
      const out = outputFor(command);
      const { runCommand } = await import("../run/command.js");
      process.exitCode = await runCommand(scenario ?? null, options, out);
    });
}
