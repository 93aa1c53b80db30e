/**
 * One program out of an object, linked as libbpf links it: the entry function's instructions, then
 * every .text subprogram it calls (directly, or through a `func` ld_imm64), appended in the order
 * first reached, recursively, with each call's imm fixed to the new distance; ld_imm64s that name a
 * map or global data become map references.
 */
import type { MapRelocation } from "../../program.js";
import type { Insn } from "../insn.js";
import * as op from "../opcodes.js";
import type { Bytes } from "./bytes.js";
import { type Elf, type Relocation, type Section, SHN_LORESERVE } from "./elf64.js";
import type { ObjectMap } from "./maps.js";

export interface Func {
  name: string;
  section: Section;
  /** first instruction, as an index into the section */
  start: number;
  count: number;
}

export interface ObjectCode {
  elf: Elf;
  maps: ObjectMap[];
  funcs: Func[];
  /** decoded instructions of each executable section, by section index */
  code: Map<number, Insn[]>;
  text: Section | undefined;
}

export interface Linked {
  insns: Insn[];
  /** map references with object-wide map indices */
  relocations: MapRelocation[];
}

function relocationsOf(elf: Elf, section: Section): Map<number, Relocation> {
  return new Map((elf.relocations.get(section.index) ?? []).map((r) => [r.offset, r]));
}

export function linkProgram(obj: ObjectCode, entry: Func): Linked {
  const { elf } = obj;
  const file: Bytes = elf.file;
  const out: Insn[] = [];
  const relocations: MapRelocation[] = [];
  const placed = new Map<Func, number>();

  const textFuncAt = (index: number, at: number): Func => {
    const f = obj.funcs.find((g) => g.section === obj.text && g.start === index);
    if (!f) file.fail(at, `call into .text instruction ${index}, where no function starts`);
    return f;
  };

  const place = (func: Func): number => {
    const off = out.length;
    placed.set(func, off);
    const code = obj.code.get(func.section.index)!;
    for (let i = 0; i < func.count; i++) out.push({ ...code[func.start + i]! });
    relocate(func, off);
    return off;
  };

  const target = (func: Func): number => placed.get(func) ?? place(func);

  const relocate = (func: Func, off: number): void => {
    const rels = relocationsOf(elf, func.section);
    for (let idx = 0; idx < func.count; idx++) {
      const gi = off + idx;
      const x = out[gi]!;
      const at = func.section.offset + (func.start + idx) * 8;
      const rel = rels.get((func.start + idx) * 8);
      if (x.code === op.LD_IMM64) {
        if (idx + 1 >= func.count) file.fail(at, `ld_imm64 at the end of ${func.name} has no second slot`);
        if (rel) loadReference(x, out[gi + 1]!, gi, rel, at);
        idx++;
        continue;
      }
      const isCall = x.code === (op.BPF_JMP | op.BPF_CALL);
      if (isCall && x.src === op.BPF_PSEUDO_CALL) {
        let index = func.start + idx + x.imm + 1;
        if (rel) {
          const sym = symbolOf(rel);
          if (!obj.text || sym.shndx !== obj.text.index)
            file.fail(rel.at, `call relocation against ${sym.name || "a symbol"} outside .text`);
          index = sym.value / 8 + x.imm + 1;
        } else if (func.section !== obj.text) {
          file.fail(at, `call without relocation from section ${func.section.name}`);
        }
        x.imm = target(textFuncAt(index, at)) - gi - 1;
      } else if (rel) {
        file.fail(
          rel.at,
          `relocation against instruction ${func.start + idx} (code 0x${x.code.toString(16)}) of ${func.name}, which takes none`,
        );
      }
    }
  };

  const symbolOf = (rel: Relocation) => {
    const sym = elf.symbols[rel.symbol];
    if (!sym) file.fail(rel.at, `relocation names symbol ${rel.symbol}, which does not exist`);
    return sym;
  };

  const loadReference = (x: Insn, next: Insn, gi: number, rel: Relocation, at: number): void => {
    const sym = symbolOf(rel);
    if (sym.shndx === 0) file.fail(rel.at, `extern ${sym.name} (kfunc, ksym or kconfig) is not supported`);
    if (sym.shndx >= SHN_LORESERVE)
      file.fail(rel.at, `relocation against ${sym.name} in special section 0x${sym.shndx.toString(16)}`);
    if (obj.text && sym.shndx === obj.text.index) {
      // a function's address (a callback): libbpf marks it BPF_PSEUDO_FUNC, whatever clang emitted
      x.src = op.BPF_PSEUDO_FUNC;
      x.imm = target(textFuncAt((sym.value + x.imm) / 8, at)) - gi - 1;
      return;
    }
    const mapIndex = obj.maps.findIndex((m) => m.section === sym.shndx && (m.data || m.offset === sym.value));
    if (mapIndex < 0) {
      const name = elf.sections[sym.shndx]?.name ?? `#${sym.shndx}`;
      file.fail(rel.at, `relocation against ${sym.name || name} in section ${name}, which holds no map`);
    }
    if (obj.maps[mapIndex]!.data) {
      const offset = x.imm + sym.value;
      x.src = op.BPF_PSEUDO_MAP_VALUE;
      x.imm = mapIndex;
      next.imm = offset;
      relocations.push({ insnIndex: gi, mapIndex, kind: "value", offset });
    } else {
      x.src = op.BPF_PSEUDO_MAP_FD;
      x.imm = mapIndex;
      relocations.push({ insnIndex: gi, mapIndex, kind: "fd", offset: 0 });
    }
  };

  place(entry);
  return { insns: out, relocations };
}
