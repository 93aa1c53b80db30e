/**
 * A generated program as file contents: raw `struct bpf_insn` bytes (.bin) or the verifier-log
 * text syntax that `lab load` reads back (`N: (op) text`, one instruction per line).
 */
import { disassemble } from "../../isa/disasm.js";
import { encodeInsns } from "../../isa/insn.js";
import type { Program } from "../../program.js";

export const PROGRAM_FORMATS = ["bin", "text"] as const;
export type ProgramFormat = (typeof PROGRAM_FORMATS)[number];

export function renderProgram(program: Program, format: ProgramFormat): Uint8Array {
  if (format === "bin") return encodeInsns(program.insns);
  const lines = disassemble(program.insns, { relocations: program.relocations, pseudo: "symbolic" });
  return new TextEncoder().encode(`${lines.join("\n")}\n`);
}

/** The format a file name asks for: .s/.asm/.txt are text, everything else raw bytes. */
export function formatForPath(path: string): ProgramFormat {
  return /\.(s|asm|txt)$/i.test(path) ? "text" : "bin";
}
