/**
 * The ELF64 container of a BPF object (little-endian, EM_BPF): section headers, the symbol table
 * and SHT_REL relocations. Only what a BPF loader needs; every field is read through Bytes.
 */
import { Bytes } from "./bytes.js";

export const EM_BPF = 247;
export const SHT_PROGBITS = 1;
export const SHT_SYMTAB = 2;
export const SHT_NOBITS = 8;
export const SHT_REL = 9;
export const SHF_EXECINSTR = 0x4;
export const STT_OBJECT = 1;
export const STT_FUNC = 2;
export const STT_SECTION = 3;
export const SHN_LORESERVE = 0xff00;

export interface Section {
  index: number;
  name: string;
  type: number;
  flags: number;
  offset: number;
  size: number;
  link: number;
  info: number;
  /** file offset of this section's header, for messages */
  headerOffset: number;
}

export interface Symbol {
  index: number;
  name: string;
  type: number;
  bind: number;
  shndx: number;
  value: number;
  size: number;
}

export interface Relocation {
  /** byte offset inside the target section */
  offset: number;
  type: number;
  symbol: number;
  /** file offset of this entry, for messages */
  at: number;
}

export interface Elf {
  file: Bytes;
  sections: Section[];
  symbols: Symbol[];
  /** relocations by the index of the section they apply to */
  relocations: Map<number, Relocation[]>;
}

export function isElf(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 4 && bytes[0] === 0x7f && bytes[1] === 0x45 && bytes[2] === 0x4c && bytes[3] === 0x46
  );
}

function readHeader(file: Bytes): { shoff: number; shentsize: number; shnum: number; shstrndx: number } {
  file.check(0, 64, "ELF header");
  if (file.u8(4, "EI_CLASS") !== 2) file.fail(4, "not a 64-bit ELF object (EI_CLASS is not ELFCLASS64)");
  if (file.u8(5, "EI_DATA") !== 1)
    file.fail(5, "not a little-endian ELF object (big-endian BPF is not supported)");
  const machine = file.u16(18, "e_machine");
  if (machine !== EM_BPF) file.fail(18, `not a BPF object (e_machine ${machine}, expected ${EM_BPF})`);
  const shentsize = file.u16(58, "e_shentsize");
  if (shentsize < 64) file.fail(58, `section header entries of ${shentsize} bytes (expected 64)`);
  return {
    shoff: file.u64(40, "e_shoff"),
    shentsize,
    shnum: file.u16(60, "e_shnum"),
    shstrndx: file.u16(62, "e_shstrndx"),
  };
}

function readSections(file: Bytes): Section[] {
  const h = readHeader(file);
  file.check(h.shoff, h.shnum * h.shentsize, "section header table");
  const raw = Array.from({ length: h.shnum }, (_, index) => {
    const at = h.shoff + index * h.shentsize;
    return {
      index,
      nameOffset: file.u32(at, "sh_name"),
      type: file.u32(at + 4, "sh_type"),
      flags: file.u64(at + 8, "sh_flags"),
      offset: file.u64(at + 24, "sh_offset"),
      size: file.u64(at + 32, "sh_size"),
      link: file.u32(at + 40, "sh_link"),
      info: file.u32(at + 44, "sh_info"),
      headerOffset: at,
    };
  });
  const strtab = raw[h.shstrndx];
  if (!strtab) file.fail(62, `e_shstrndx ${h.shstrndx} names no section (${h.shnum} sections)`);
  const names = file.slice(strtab.offset, strtab.size, "section name table");
  return raw.map(({ nameOffset, ...s }) => {
    if (s.type !== SHT_NOBITS) file.check(s.offset, s.size, `section ${s.index} contents`);
    return { ...s, name: names.cstring(nameOffset, `name of section ${s.index}`) };
  });
}

function readSymbols(file: Bytes, sections: Section[]): Symbol[] {
  const symtab = sections.find((s) => s.type === SHT_SYMTAB);
  if (!symtab) return [];
  const strtab = sections[symtab.link];
  if (!strtab) file.fail(symtab.headerOffset + 40, `symbol table links to no string table (${symtab.link})`);
  const names = file.slice(strtab.offset, strtab.size, "symbol name table");
  const table = file.slice(symtab.offset, symtab.size, "symbol table");
  const count = Math.floor(symtab.size / 24);
  return Array.from({ length: count }, (_, index) => {
    const at = index * 24;
    const info = table.u8(at + 4, "st_info");
    return {
      index,
      name: names.cstring(table.u32(at, "st_name"), `name of symbol ${index}`),
      type: info & 0xf,
      bind: info >> 4,
      shndx: table.u16(at + 6, "st_shndx"),
      value: table.u64(at + 8, "st_value"),
      size: table.u64(at + 16, "st_size"),
    };
  });
}

function readRelocations(file: Bytes, sections: Section[]): Map<number, Relocation[]> {
  const out = new Map<number, Relocation[]>();
  for (const s of sections) {
    if (s.type !== SHT_REL) continue;
    const table = file.slice(s.offset, s.size, `relocation section ${s.name}`);
    const list: Relocation[] = [];
    for (let at = 0; at + 16 <= s.size; at += 16) {
      const info = table.u64(at + 8, "r_info");
      list.push({
        offset: table.u64(at, "r_offset"),
        type: info % 2 ** 32,
        symbol: Math.floor(info / 2 ** 32),
        at: s.offset + at,
      });
    }
    out.set(s.info, [...(out.get(s.info) ?? []), ...list]);
  }
  return out;
}

export function readElf(data: Uint8Array, origin: string): Elf {
  const file = new Bytes(data, origin);
  if (!isElf(data)) file.fail(0, "no ELF magic");
  const sections = readSections(file);
  return {
    file,
    sections,
    symbols: readSymbols(file, sections),
    relocations: readRelocations(file, sections),
  };
}

/** A section's contents (empty for SHT_NOBITS). */
export function sectionBytes(elf: Elf, section: Section): Bytes {
  if (section.type === SHT_NOBITS) return new Bytes(new Uint8Array(0), elf.file.origin, section.offset);
  return elf.file.slice(section.offset, section.size, `section ${section.name}`);
}
