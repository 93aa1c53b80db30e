/**
 * A program as `lab disasm` shows it: for programs with maps or from objects, a `;` header and
 * `.map` directives (which `lab asm` reads back), then the verifier log's instruction lines.
 * Also the JSON shape of the same.
 */
import type { Program } from "../program.js";
import { type DisasmOptions, formatInsn } from "./disasm.js";
import { MAP_NAME } from "./disasm-ldimm64.js";
import * as op from "./opcodes.js";

export interface ListingOptions {
  kernel?: string;
  /** print map references as the kernel does (made-up addresses) instead of `map[name]` */
  addresses?: boolean;
}

function disasmOptions(program: Program, options: ListingOptions): DisasmOptions {
  return {
    kernel: options.kernel,
    pseudo: options.addresses ? "kernel" : "symbolic",
    relocations: program.relocations,
    maps: program.maps,
  };
}

function indices(program: Program): number[] {
  const out: number[] = [];
  for (let i = 0; i < program.insns.length; i++) {
    out.push(i);
    if (program.insns[i]!.code === op.LD_IMM64) i++;
  }
  return out;
}

export function listProgram(program: Program, options: ListingOptions = {}): string[] {
  const lines: string[] = [];
  if (program.source.format === "elf") {
    lines.push(
      `; ${program.source.section}/${program.name} prog_type=${program.progType ?? "unknown"} license=${program.license}`,
    );
  }
  for (const m of program.maps) {
    const name = MAP_NAME.test(m.name) ? m.name : "unnamed";
    lines.push(
      `.map ${name} ${m.type} key=${m.keySize} value=${m.valueSize} entries=${m.maxEntries} flags=${m.flags}`,
    );
  }
  const d = disasmOptions(program, options);
  for (const i of indices(program)) lines.push(`${i}: ${formatInsn(program.insns, i, d)}`);
  return lines;
}

export function programJson(program: Program, options: ListingOptions = {}) {
  const d = disasmOptions(program, options);
  return {
    name: program.name,
    section: program.source.section ?? null,
    format: program.source.format,
    progType: program.progType,
    expectedAttachType: program.expectedAttachType,
    license: program.license,
    maps: program.maps,
    relocations: program.relocations,
    insns: indices(program).map((index) => ({
      index,
      ...program.insns[index]!,
      text: formatInsn(program.insns, index, d),
    })),
  };
}
