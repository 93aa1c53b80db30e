/**
 * Read a program file, telling the format by content (CONTRACT.md): ELF magic -> object,
 * printable text -> the verifier-log syntax, otherwise raw `struct bpf_insn` bytes.
 * The ISA toolkit (lab/isa) supplies the parsers; this module only dispatches. `.s`/`.asm` files are
 * always text, so their mistakes are reported as text (file:line:col).
 */
import { readFile } from "node:fs/promises";
import { LabError } from "../errors.js";
import { assemble } from "../isa/asm.js";
import { isElf } from "../isa/elf/elf64.js";
import { readElfPrograms } from "../isa/elf/index.js";
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
  options: ReadProgramOptions = {},
): Program[] {
  if (isElf(bytes)) return selectPrograms(readElfPrograms(bytes, origin), origin, options);
  if (/\.(s|asm)$/i.test(origin) || looksLikeText(bytes)) {
    return [assemble(new TextDecoder().decode(bytes), { origin })];
  }
  if (bytes.length === 0 || bytes.length % INSN_SIZE !== 0) {
    throw new LabError(
      "LAB_PROGRAM_INVALID",
      `raw program is ${bytes.length} bytes, not a positive multiple of ${INSN_SIZE} (struct bpf_insn)`,
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

/** Text: valid UTF-8 without control characters other than tab, newline and carriage return. */
export function looksLikeText(bytes: Uint8Array): boolean {
  if (bytes.length === 0) return false;
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return false;
  }
  return !/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/.test(text);
}

/** `--section` / `--prog` pick programs of an object; a choice that matches none lists the names. */
export function selectPrograms(programs: Program[], origin: string, options: ReadProgramOptions): Program[] {
  const picked = programs.filter(
    (p) =>
      (options.section === undefined || p.source.section === options.section) &&
      (options.prog === undefined || p.name === options.prog),
  );
  if (picked.length > 0) return picked;
  const names = programs.map((p) => `${p.source.section}/${p.name}`).join(", ");
  const asked = [options.section && `--section ${options.section}`, options.prog && `--prog ${options.prog}`]
    .filter(Boolean)
    .join(" ");
  throw new LabError("LAB_ARGS_INVALID", `${origin} has no program matching ${asked}; it has: ${names}`, {
    where: { file: origin, value: options.section ?? options.prog },
  });
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
