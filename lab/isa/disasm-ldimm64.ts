/**
 * The right-hand side of an ld_imm64 (`r1 = ...`). Kernel style: what the verifier prints after it
 * resolved map references into kernel addresses (`0xffff888104f3b600`; `0x0` without
 * allow_ptr_leaks). Symbolic style, which the assembler reads back: `map[name]`, `map[fd:3]`,
 * `map[idx:1]`, `map[name][0]+8` (a map value), `btf_id[N]` / `btf_id[N,M]`, `func[pc+4]`.
 */
import type { MapRelocation } from "../program.js";
import type { DisasmOptions } from "./disasm.js";
import type { DisasmFlavor } from "./flavor.js";
import type { Insn } from "./insn.js";
import * as op from "./opcodes.js";

/** A made-up kernel direct-map address for map `index` (kernel style without a mapAddress option). */
export function defaultMapAddress(index: number): bigint {
  return 0xffff888100000000n + BigInt(index) * 0x1000n;
}
/** Where a made-up map's values start, past its header (as for an array map). */
export const MAP_VALUE_BASE = 0x110n;

export const MAP_NAME = /^[A-Za-z_.][\w.]*$/;

const relocationCache = new WeakMap<readonly MapRelocation[], Map<number, MapRelocation>>();

function relocationAt(options: DisasmOptions, index: number): MapRelocation | undefined {
  const list = options.relocations;
  if (!list || list.length === 0) return undefined;
  let byIndex = relocationCache.get(list);
  if (!byIndex) {
    byIndex = new Map(list.map((r) => [r.insnIndex, r]));
    relocationCache.set(list, byIndex);
  }
  return byIndex.get(index);
}

const isMapSrc = (src: number) =>
  src === op.BPF_PSEUDO_MAP_FD ||
  src === op.BPF_PSEUDO_MAP_VALUE ||
  src === op.BPF_PSEUDO_MAP_IDX ||
  src === op.BPF_PSEUDO_MAP_IDX_VALUE;
const isValueSrc = (src: number) => src === op.BPF_PSEUDO_MAP_VALUE || src === op.BPF_PSEUDO_MAP_IDX_VALUE;

function symbolic(
  x: Insn,
  imm2: number,
  reloc: MapRelocation | undefined,
  options: DisasmOptions,
): string | null {
  if (isMapSrc(x.src)) {
    const value = isValueSrc(x.src) ? `[0]+${imm2 >>> 0}` : "";
    const name = reloc ? options.maps?.[reloc.mapIndex]?.name : undefined;
    if (reloc) return `map[${name && MAP_NAME.test(name) ? name : `idx:${reloc.mapIndex}`}]${value}`;
    const kind = x.src === op.BPF_PSEUDO_MAP_FD || x.src === op.BPF_PSEUDO_MAP_VALUE ? "fd" : "idx";
    return `map[${kind}:${x.imm >>> 0}]${value}`;
  }
  if (x.src === op.BPF_PSEUDO_BTF_ID) return imm2 === 0 ? `btf_id[${x.imm}]` : `btf_id[${x.imm},${imm2}]`;
  if (x.src === op.BPF_PSEUDO_FUNC && imm2 === 0) return `func[pc${x.imm < 0 ? x.imm : `+${x.imm}`}]`;
  return null;
}

export function formatLdImm64(
  insns: readonly Insn[],
  index: number,
  options: DisasmOptions,
  flavor: DisasmFlavor,
): string {
  const x = insns[index]!;
  const imm2 = insns[index + 1]?.imm ?? 0;
  const reloc = relocationAt(options, index);
  if (options.pseudo === "symbolic") {
    const text = symbolic(x, imm2, reloc, options);
    if (text !== null) return text;
  }
  let value = (BigInt(imm2 >>> 0) << 32n) | BigInt(x.imm >>> 0);
  if (isMapSrc(x.src)) {
    const mapIndex = reloc ? reloc.mapIndex : x.imm;
    const base = (options.mapAddress ?? defaultMapAddress)(mapIndex);
    value = isValueSrc(x.src) ? base + MAP_VALUE_BASE + BigInt(reloc ? reloc.offset : imm2 >>> 0) : base;
  }
  if (flavor.ptrSrcs.includes(x.src) && options.allowPtrLeaks === false) value = 0n;
  return `0x${BigInt.asUintN(64, value).toString(16)}`;
}
