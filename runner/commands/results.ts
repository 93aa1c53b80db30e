/** `lab results [--run ID]`: past runs from the history index, or one run's cells from its journal. */
import type { Command } from "commander";
import { outputFor } from "../context.js";
import { parseInteger } from "../parse-args.js";

export function register(program: Command): void {
  program
    .command("results")
    .description("list past runs, or the cells of one run (--run ID)")
    .option("--run <id>", "show one run's cells")
    .option("--limit <n>", "runs to list", parseInteger("--limit", 1, 10000), 20)
    .addHelpText("after", "\nExamples:\n  lab results\n  lab results --run 20261123-185301-4f2a --json")
    .action(async (options: { run?: string; limit: number }, command: Command) => {
      const out = outputFor(command);
      const { showResults } = await import("../results/show.js");
      showResults(options, out);
    });
}
