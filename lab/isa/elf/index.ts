/**
 * BPF ELF objects (clang -target bpf -O2 -c) -> Programs: one per function symbol of each
 * executable section other than .text (the .text functions are subprograms, linked into the
 * programs that call them), with the `license`, the maps each program references (re-numbered per
 * program), and the program type from the section name.
 */
import type { Program } from "../../program.js";
import { decodeInsns, INSN_SIZE } from "../insn.js";
import { type Elf, readElf, SHF_EXECINSTR, SHT_PROGBITS, STT_FUNC, sectionBytes } from "./elf64.js";
import { type Func, linkProgram, type ObjectCode } from "./link.js";
import { objectMaps } from "./maps.js";
import { sectionDef } from "./sections.js";

function functions(elf: Elf, code: Map<number, unknown[]>): Func[] {
  const funcs: Func[] = [];
  for (const section of elf.sections) {
    if (!code.has(section.index)) continue;
    const total = section.size / INSN_SIZE;
    const syms = elf.symbols
      .filter((s) => s.shndx === section.index && s.type === STT_FUNC)
      .sort((a, b) => a.value - b.value);
    syms.forEach((s, i) => {
      if (s.value % INSN_SIZE !== 0 || s.size % INSN_SIZE !== 0) {
        elf.file.fail(
          section.offset,
          `function ${s.name} is not aligned to instructions (value ${s.value}, size ${s.size})`,
        );
      }
      const start = s.value / INSN_SIZE;
      const end = s.size > 0 ? start + s.size / INSN_SIZE : (syms[i + 1]?.value ?? section.size) / INSN_SIZE;
      if (start >= total || end > total || end <= start) {
        elf.file.fail(
          section.offset,
          `function ${s.name} (instructions ${start}..${end}) lies outside section ${section.name} (${total})`,
        );
      }
      funcs.push({ name: s.name, section, start, count: end - start });
    });
  }
  return funcs;
}

function readLicense(elf: Elf): string {
  const section = elf.sections.find((s) => s.name === "license");
  if (!section) return "";
  const bytes = sectionBytes(elf, section).data;
  const end = bytes.indexOf(0);
  return new TextDecoder().decode(bytes.subarray(0, end < 0 ? bytes.length : end));
}

export function readElfPrograms(data: Uint8Array, origin: string): Program[] {
  const elf = readElf(data, origin);
  const code = new Map<number, ReturnType<typeof decodeInsns>>();
  for (const s of elf.sections) {
    if (s.type !== SHT_PROGBITS || (s.flags & SHF_EXECINSTR) === 0 || s.size === 0) continue;
    if (s.size % INSN_SIZE !== 0)
      elf.file.fail(s.offset, `code section ${s.name} is ${s.size} bytes, not a multiple of ${INSN_SIZE}`);
    code.set(s.index, decodeInsns(sectionBytes(elf, s).data));
  }
  const funcs = functions(elf, code);
  const text = elf.sections.find((s) => s.name === ".text" && code.has(s.index));
  const obj: ObjectCode = { elf, maps: objectMaps(elf), funcs, code, text };
  const entries = funcs.some((f) => f.section !== text) ? funcs.filter((f) => f.section !== text) : funcs;
  if (entries.length === 0)
    elf.file.fail(0, "the object holds no BPF programs (no function symbols in executable sections)");
  const license = readLicense(elf);
  return entries.map((entry) => {
    const linked = linkProgram(obj, entry);
    const used = [...new Set(linked.relocations.map((r) => r.mapIndex))].sort((a, b) => a - b);
    const renumber = new Map(used.map((objectIndex, i) => [objectIndex, i]));
    for (const r of linked.relocations) {
      r.mapIndex = renumber.get(r.mapIndex)!;
      linked.insns[r.insnIndex]!.imm = r.mapIndex;
    }
    const def = sectionDef(entry.section.name);
    return {
      name: entry.name,
      insns: linked.insns,
      progType: def?.progType ?? null,
      expectedAttachType: def?.attachType ?? null,
      license,
      maps: used.map((i) => ({ ...obj.maps[i]!.def })),
      relocations: linked.relocations.sort((a, b) => a.insnIndex - b.insnIndex),
      source: { origin, format: "elf", section: entry.section.name },
    };
  });
}
