/**
 * A program as every backend receives it, whatever file it came from (.bin, text, ELF object, or a
 * generator such as the Slurm device program). Map references are kept symbolic: an ld_imm64 that
 * names a map carries `mapIndex` in `relocations`, and each backend creates the maps and patches
 * the fd (kernel) or the map pointer (model) itself.
 */
import type { Insn } from "./isa/insn.js";

export interface MapDef {
  name: string;
  /** the kernel's map type name without BPF_MAP_TYPE_, lower case: "array", "hash", ... */
  type: string;
  keySize: number;
  valueSize: number;
  maxEntries: number;
  flags: number;
}

export interface MapRelocation {
  /** index of the first slot of the ld_imm64 */
  insnIndex: number;
  mapIndex: number;
  /** BPF_PSEUDO_MAP_FD (1) or BPF_PSEUDO_MAP_VALUE (2) */
  kind: "fd" | "value";
  /** for "value": offset into the map value */
  offset: number;
}

export interface ProgramSource {
  /** file path, "-" for stdin, or "generator:<name>" */
  origin: string;
  format: "bin" | "text" | "elf" | "generator";
  /** ELF section for objects */
  section?: string;
}

export interface Program {
  name: string;
  insns: Insn[];
  /** prog type name without BPF_PROG_TYPE_, lower case; null when the source does not say */
  progType: string | null;
  expectedAttachType: string | null;
  license: string;
  maps: MapDef[];
  relocations: MapRelocation[];
  source: ProgramSource;
}
