/** `lab compare A.csv B.csv`: veristat -C style deltas between two stat CSVs. */
import type { Command } from "commander";
import { outputFor } from "../context.js";

interface CompareOptions {
  emit?: string;
  filter: string[];
  output: "table" | "csv";
}

export function register(program: Command): void {
  program
    .command("compare")
    .description(
      "compare two veristat-shaped CSV files (from `lab stat -o csv` or veristat) as `veristat -C` does",
    )
    .argument("<baseline>", "CSV file A")
    .argument("<comparison>", "CSV file B")
    .option(
      "-e, --emit <spec>",
      "stats to show, veristat names: file,prog,verdict,duration,insns,states,peak_states,mark_read",
    )
    .option(
      "-f, --filter <expr>",
      "FILE_GLOB[/PROG_GLOB], !deny, @file, or a stat expression such as insns_diff>0 (repeatable)",
      collect,
      [],
    )
    .option("-o, --output <fmt>", "table | csv", "table")
    .addHelpText(
      "after",
      "\nExample:\n  lab stat prog.o --kernel 6.1.170 -o csv > a.csv\n  lab stat prog.o --kernel 6.12.117 -o csv > b.csv\n  lab compare a.csv b.csv -e file,prog,verdict,insns,states -f 'insns_diff!=0'",
    )
    .action(async (a: string, b: string, options: CompareOptions, command: Command) => {
      const out = outputFor(command);
      const { runCompare } = await import("../compare-run.js");
      const result = await runCompare(a, b, options);
      if (out.json) out.result(result.json);
      else process.stdout.write(result.text);
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
