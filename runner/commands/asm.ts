/** `lab asm TEXT -o OUT.bin`: assemble the verifier-log syntax into raw `struct bpf_insn` bytes. */
import type { Command } from "commander";
import { outputFor } from "../context.js";

export function register(program: Command): void {
  program
    .command("asm")
    .description("assemble text in the verifier log's syntax (or a pasted level-2 log) into raw instructions")
    .argument("<text>", "text file (.s/.asm/.log) or - for stdin")
    .requiredOption(
      "-o, --output <file>",
      "where to write the raw instructions (8 bytes each, little-endian)",
    )
    .addHelpText(
      "after",
      "\nExamples:\n  lab asm prog.s -o prog.bin\n  lab load ... --log-level 2 --json | jq -r .log | lab asm - -o again.bin",
    )
    .action(async (path: string, options: { output: string }, command: Command) => {
      const out = outputFor(command);
      const { assembleFile } = await import("../../lab/isa/asm-file.js");
      const result = await assembleFile(path, options.output);
      if (out.json) out.result(result);
      else {
        out.line(`${result.output}: ${result.insns} instructions (${result.bytes} bytes)`);
        if (result.relocations.length > 0) {
          out.note(
            `note: ${result.relocations.length} map reference(s) are kept as ld_imm64 src_reg 1/2 with the map's index in imm; a .bin has no map definitions`,
          );
        }
      }
    });
}
