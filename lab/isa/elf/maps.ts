/**
 * The maps an object defines, where in the file each one lives (section, offset), so relocations
 * can name them: legacy `maps` (struct bpf_map_def records), BTF-defined `.maps` (the `__uint` /
 * `__type` members of each variable's struct), and global data sections (.data, .rodata, .bss),
 * each an array map of one value, as libbpf makes them.
 */
import type { MapDef } from "../../program.js";
import { MAP_TYPES } from "../kernel-enums.js";
import { BTF_KIND, type Btf, btfType, readBtf, skipModifiers, typeSize } from "./btf.js";
import {
  type Elf,
  type Section,
  SHF_EXECINSTR,
  SHT_NOBITS,
  SHT_PROGBITS,
  STT_SECTION,
  sectionBytes,
} from "./elf64.js";

export interface ObjectMap {
  def: MapDef;
  section: number;
  /** byte offset of the definition in its section (0 for data sections) */
  offset: number;
  /** data sections: references carry an offset into the value */
  data: boolean;
}

const BPF_F_RDONLY_PROG = 0x80;

const typeName = (n: number) => MAP_TYPES[n] ?? `unknown_${n}`;

function legacyMaps(elf: Elf, section: Section): ObjectMap[] {
  const syms = elf.symbols
    .filter((s) => s.shndx === section.index && s.type !== STT_SECTION && s.name !== "")
    .sort((a, b) => a.value - b.value);
  if (syms.length === 0) return [];
  const size = Math.floor(section.size / syms.length);
  const bytes = sectionBytes(elf, section);
  if (size < 16)
    bytes.fail(
      0,
      `legacy maps section holds ${syms.length} maps in ${section.size} bytes (16 per map at least)`,
    );
  return syms.map((s) => {
    const at = s.value;
    bytes.check(at, 16, `map definition ${s.name}`);
    return {
      def: {
        name: s.name,
        type: typeName(bytes.u32(at, "map type")),
        keySize: bytes.u32(at + 4, "key_size"),
        valueSize: bytes.u32(at + 8, "value_size"),
        maxEntries: bytes.u32(at + 12, "max_entries"),
        flags: size >= 20 && at + 20 <= section.size ? bytes.u32(at + 16, "map_flags") : 0,
      },
      section: section.index,
      offset: at,
      data: false,
    };
  });
}

/** `__uint(name, N)` is `int (*name)[N]`: the pointee array's length. */
function uintMember(btf: Btf, type: number, at: number): number {
  const ptr = skipModifiers(btf, type, at);
  if (ptr.kind !== BTF_KIND.PTR)
    btf.bytes.fail(ptr.at, `map member of BTF kind ${ptr.kind}, expected a pointer (__uint)`);
  const arr = skipModifiers(btf, ptr.sizeOrType, ptr.at);
  if (arr.kind !== BTF_KIND.ARRAY)
    btf.bytes.fail(arr.at, `__uint member points to BTF kind ${arr.kind}, expected an array`);
  return arr.array!.nelems;
}

/** `__type(name, T)` is `T *name`: the size of T. */
function typeMember(btf: Btf, type: number, at: number): number {
  const ptr = skipModifiers(btf, type, at);
  if (ptr.kind !== BTF_KIND.PTR)
    btf.bytes.fail(ptr.at, `map member of BTF kind ${ptr.kind}, expected a pointer (__type)`);
  return typeSize(btf, ptr.sizeOrType, ptr.at);
}

function btfMaps(elf: Elf, section: Section): ObjectMap[] {
  const btfSection = elf.sections.find((s) => s.name === ".BTF");
  if (!btfSection)
    elf.file.fail(section.headerOffset, "a .maps section needs BTF, and the object has no .BTF section");
  const btf = readBtf(sectionBytes(elf, btfSection));
  const datasec = btf.types.find((t) => t.kind === BTF_KIND.DATASEC && t.name === ".maps");
  if (!datasec) return [];
  return datasec.members.map((v) => {
    const variable = btfType(btf, v.type, datasec.at);
    if (variable.kind !== BTF_KIND.VAR)
      btf.bytes.fail(variable.at, `.maps entry is BTF kind ${variable.kind}, expected a variable`);
    const struct = skipModifiers(btf, variable.sizeOrType, variable.at);
    if (struct.kind !== BTF_KIND.STRUCT) btf.bytes.fail(struct.at, `map ${variable.name} is not a struct`);
    const def: MapDef = {
      name: variable.name,
      type: "unspec",
      keySize: 0,
      valueSize: 0,
      maxEntries: 0,
      flags: 0,
    };
    for (const m of struct.members) {
      if (m.name === "type") def.type = typeName(uintMember(btf, m.type, struct.at));
      else if (m.name === "max_entries") def.maxEntries = uintMember(btf, m.type, struct.at);
      else if (m.name === "map_flags") def.flags = uintMember(btf, m.type, struct.at);
      else if (m.name === "key_size") def.keySize = uintMember(btf, m.type, struct.at);
      else if (m.name === "value_size") def.valueSize = uintMember(btf, m.type, struct.at);
      else if (m.name === "key") def.keySize = typeMember(btf, m.type, struct.at);
      else if (m.name === "value") def.valueSize = typeMember(btf, m.type, struct.at);
    }
    // clang leaves DATASEC offsets for libbpf to fix up: the symbol of the same name says where it is
    const sym = elf.symbols.find((x) => x.shndx === section.index && x.name === variable.name);
    return { def, section: section.index, offset: sym ? sym.value : v.offset, data: false };
  });
}

const isData = (s: Section) =>
  (s.type === SHT_PROGBITS || s.type === SHT_NOBITS) &&
  (s.flags & SHF_EXECINSTR) === 0 &&
  /^\.(data|rodata|bss)(\.|$)/.test(s.name) &&
  s.size > 0;

export function objectMaps(elf: Elf): ObjectMap[] {
  const out: ObjectMap[] = [];
  for (const s of elf.sections) {
    if (s.name === "maps") out.push(...legacyMaps(elf, s));
    else if (s.name === ".maps") out.push(...btfMaps(elf, s));
    else if (isData(s)) {
      const flags = s.name.startsWith(".rodata") ? BPF_F_RDONLY_PROG : 0;
      out.push({
        def: { name: s.name, type: "array", keySize: 4, valueSize: s.size, maxEntries: 1, flags },
        section: s.index,
        offset: 0,
        data: true,
      });
    }
  }
  return out;
}
