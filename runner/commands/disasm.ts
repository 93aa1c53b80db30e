/** `lab disasm PROG`: print a program's instructions exactly as the kernel verifier log prints them. */
import type { Command } from "commander";
import { outputFor } from "../context.js";

interface DisasmCliOptions {
  section?: string;
  prog?: string;
  kernel?: string;
  addresses?: boolean;
}

export function register(program: Command): void {
  program
    .command("disasm")
    .description("print a program's instructions as the kernel verifier log prints them (N: (op) text)")
    .argument("<prog>", "program: .o (BPF ELF), .bin (raw insns), .s/.asm (verifier-log syntax) or - (stdin)")
    .option("--section <name>", "ELF: only the programs of this section")
    .option("--prog <name>", "ELF: only the program of this function")
    .option("--kernel <release>", "print as this kernel line's disasm.c does (5.10, 6.1, 6.12, ...) [newest]")
    .option("--addresses", "print map references as the kernel does (an address) instead of map[name]")
    .addHelpText(
      "after",
      "\nExamples:\n  lab disasm prog.o\n  lab disasm prog.o --section cgroup/dev --json\n  lab disasm slurm.bin --kernel 5.10",
    )
    .action(async (path: string, options: DisasmCliOptions, command: Command) => {
      const out = outputFor(command);
      const { readProgramFile } = await import("../../lab/programs/read.js");
      const { listProgram, programJson } = await import("../../lab/isa/listing.js");
      const programs = await readProgramFile(path, { section: options.section, prog: options.prog });
      const listing = { kernel: options.kernel, addresses: options.addresses };
      if (out.json) out.result({ programs: programs.map((p) => programJson(p, listing)) });
      else
        programs.forEach((p, i) => {
          if (i > 0) out.line();
          for (const line of listProgram(p, listing)) out.line(line);
        });
    });
}
