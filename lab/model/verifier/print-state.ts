/**
 * Register and stack state as each kernel era prints it (print_verifier_state, print_reg_state,
 * print_liveness, tnum_strn). The verifier hands over plain data (`PrintReg`, `PrintSlot`); the era
 * comes from the profile's features (`printStyleOf`). Three layouts:
 *  - legacy (5.10, 5.15): `R2_w=inv2`, `R1=ctx(id=0,off=0,imm=0)`, `inv(id=0,umax_value=65535,var_off=(0x0; 0xffff))`,
 *    precise as `invP2`, spilled registers as `fp-8_w=inv`/`fp-8=ctx`;
 *  - 6.1: `R2_w=2`, `R1=ctx(off=0,imm=0)`, `scalar(umax=65535,var_off=(0x0; 0xffff))`, precise `P2`,
 *    spilled scalars as `fp-8_w=` (non-constant) or `fp-8_w=5`;
 *  - compact (6.6+; 6.12, 6.18, 7.x): `R1=ctx()`, merged bounds `smin=smin32=0`, hex above 0xffff,
 *    spilled registers in full with the non-spill bytes before them (`fp-16=????0`).
 * Liveness marks (`_r`, `_w`, `D`) print until 6.18. Pure: strings only.
 */
import type { FeatureName } from "../profiles/features.js";

/** Base register type names as the kernel's reg_type_str spells them; "scalar" prints as "inv" before 5.18. */
export type RegKind =
  | "scalar"
  | "ctx"
  | "fp"
  | "map_ptr"
  | "map_value"
  | "map_key"
  | "pkt"
  | "pkt_meta"
  | "pkt_end"
  | "flow_keys"
  | "sock"
  | "sock_common"
  | "tcp_sock"
  | "mem"
  | "buf"
  | "func";

/** REG_LIVE_* bits (enum bpf_reg_liveness). */
export const REG_LIVE_READ32 = 1;
export const REG_LIVE_READ64 = 2;
export const REG_LIVE_READ = REG_LIVE_READ32 | REG_LIVE_READ64;
export const REG_LIVE_WRITTEN = 4;
export const REG_LIVE_DONE = 8;

/** What the printer needs of a register (struct bpf_reg_state); field names follow the model's RegState. */
export interface PrintReg {
  kind: RegKind;
  /** PTR_MAYBE_NULL: `map_value_or_null` */
  orNull?: boolean;
  off: number;
  varOff: { value: bigint; mask: bigint };
  smin: bigint;
  smax: bigint;
  umin: bigint;
  umax: bigint;
  s32min: number;
  s32max: number;
  u32min: number;
  u32max: number;
  id: number;
  frameno: number;
  precise: boolean;
  /** REG_LIVE_* bits; printed only by eras with liveness marks */
  live?: number;
  refObjId?: number;
  /** map pointers and values */
  map?: { name: string; keySize: number; valueSize: number };
  /** packet pointers: verified range */
  range?: number;
  /** PTR_TO_MEM: size */
  memSize?: number;
}

/** One 8-byte stack slot: slot_type[0..7] as characters (`?` invalid, `r` spill, `m` misc, `0` zero). */
export interface PrintSlot {
  types: string;
  /** the spilled register (spilled_ptr), for `r` slots; its `live` carries the slot's liveness */
  spilled?: PrintReg;
  live?: number;
}

export type PrintLayout = "legacy" | "v6.1" | "compact";

export interface PrintStyle {
  layout: PrintLayout;
  liveness: boolean;
  /** tnum_strn prints small negative constants in signed decimal (7.x) */
  tnumSigned: boolean;
}

export function printStyleOf(features: ReadonlySet<FeatureName>): PrintStyle {
  const layout: PrintLayout = features.has("print_compact_reg_state")
    ? "compact"
    : features.has("print_scalar_keyword")
      ? "v6.1"
      : "legacy";
  return {
    layout,
    liveness: features.has("print_liveness_marks"),
    tnumSigned: features.has("print_tnum_signed"),
  };
}

const S64_MIN = -(1n << 63n);
const S64_MAX = (1n << 63n) - 1n;
const U64_MAX = (1n << 64n) - 1n;
const S32_MIN = -0x8000_0000;
const S32_MAX = 0x7fff_ffff;
const U32_MAX = 0xffff_ffff;
/** BPF_ADD_CONST64 | BPF_ADD_CONST32: the id of `r6 = r5; r6 += -100` carries the delta */
export const BPF_ADD_CONST = (1 << 31) | (1 << 30);

const u64 = (x: bigint): bigint => BigInt.asUintN(64, x);
const s64 = (x: bigint): bigint => BigInt.asIntN(64, x);
/** the kernel's %#llx: `0x` even for zero */
const hex = (x: bigint): string => `0x${u64(x).toString(16)}`;
const isUnumDecimal = (n: bigint): boolean => u64(n) <= 0xffffn;
const isSnumDecimal = (n: bigint): boolean => n >= -32768n && n <= 32767n;
/** verbose_unum / verbose_snum of the compact layout */
export const unum = (n: bigint): string => (isUnumDecimal(n) ? u64(n).toString() : hex(n));
export const snum = (n: bigint): string => (isSnumDecimal(s64(n)) ? s64(n).toString() : hex(n));

/** tnum_strn: `(0x0; 0xffff)`; from the compact layout on, a constant prints as a number. */
export function tnumString(t: { value: bigint; mask: bigint }, style: PrintStyle): string {
  if (style.layout === "compact" && t.mask === 0n) {
    if (isUnumDecimal(t.value)) return u64(t.value).toString();
    if (style.tnumSigned && isSnumDecimal(s64(t.value))) return s64(t.value).toString();
    return hex(t.value);
  }
  return `(${hex(t.value)}; ${hex(t.mask)})`;
}

/** print_liveness: `_rwD` subsets, or nothing. */
export function livenessMarks(live: number | undefined, style: PrintStyle): string {
  if (!style.liveness || !live) return "";
  let out = "";
  if (live & (REG_LIVE_READ | REG_LIVE_WRITTEN | REG_LIVE_DONE)) out += "_";
  if (live & REG_LIVE_READ) out += "r";
  if (live & REG_LIVE_WRITTEN) out += "w";
  if (live & REG_LIVE_DONE) out += "D";
  return out;
}

/** reg_type_str of the era. */
export function typeName(reg: PrintReg, style: PrintStyle): string {
  if (reg.kind === "scalar") return style.layout === "legacy" ? "inv" : "scalar";
  return reg.orNull ? `${reg.kind}_or_null` : reg.kind;
}

const isConst = (reg: PrintReg): boolean => reg.varOff.mask === 0n;
const isPkt = (reg: PrintReg): boolean => reg.kind === "pkt" || reg.kind === "pkt_meta";
const isMapPtr = (reg: PrintReg): boolean =>
  reg.kind === "map_ptr" || reg.kind === "map_value" || reg.kind === "map_key";

/** The register after `=` (`inv2`, `ctx(id=0,off=0,imm=0)`, `P2`, `scalar(...)`, `fp-8`), in the era's layout. */
export function formatReg(reg: PrintReg, style: PrintStyle, curFrame = 0): string {
  if (style.layout === "compact") return formatCompact(reg, style, curFrame);
  return formatOld(reg, style);
}

/** 5.10/5.15 (`legacy`) and 6.1 (`v6.1`): print_verifier_state's inline register printing. */
function formatOld(reg: PrintReg, style: PrintStyle): string {
  const legacy = style.layout === "legacy";
  const scalar = reg.kind === "scalar";
  const precise = scalar && reg.precise ? "P" : "";
  if ((scalar || reg.kind === "fp") && isConst(reg)) {
    const value = (s64(reg.varOff.value) + BigInt(reg.off)).toString();
    if (legacy) return `${typeName(reg, style)}${precise}${value}`;
    return `${precise}${scalar ? "" : typeName(reg, style)}${value}`;
  }
  const attrs: string[] = [];
  if (legacy || reg.id) attrs.push(`id=${reg.id}`);
  if (reg.refObjId !== undefined && (legacy || reg.refObjId)) attrs.push(`ref_obj_id=${reg.refObjId}`);
  if (!scalar) attrs.push(`off=${reg.off}`);
  if (isPkt(reg)) attrs.push(`r=${reg.range ?? 0}`);
  else if (isMapPtr(reg) && reg.map) attrs.push(`ks=${reg.map.keySize},vs=${reg.map.valueSize}`);
  if (isConst(reg)) attrs.push(`imm=${u64(reg.varOff.value).toString(16)}`);
  else attrs.push(...oldRanges(reg, style));
  const head = legacy ? `${typeName(reg, style)}${precise}` : `${precise}${typeName(reg, style)}`;
  return `${head}(${attrs.join(",")})`;
}

function oldRanges(reg: PrintReg, style: PrintStyle): string[] {
  const legacy = style.layout === "legacy";
  const name = (short: string, long: string): string => (legacy ? long : short);
  const out: string[] = [];
  // C compares the s64 bound with the u64 one as u64: equal bit patterns (smin=-1, umin=2^64-1) hide it
  if (u64(reg.smin) !== reg.umin && reg.smin !== S64_MIN)
    out.push(`${name("smin", "smin_value")}=${reg.smin}`);
  if (u64(reg.smax) !== reg.umax && reg.smax !== S64_MAX)
    out.push(`${name("smax", "smax_value")}=${reg.smax}`);
  if (reg.umin !== 0n) out.push(`${name("umin", "umin_value")}=${reg.umin}`);
  if (reg.umax !== U64_MAX) out.push(`${name("umax", "umax_value")}=${reg.umax}`);
  if (reg.varOff.mask !== U64_MAX) out.push(`var_off=${tnumString(reg.varOff, style)}`);
  if (BigInt(reg.s32min) !== reg.smin && reg.s32min !== S32_MIN)
    out.push(`${name("s32_min", "s32_min_value")}=${reg.s32min}`);
  if (BigInt(reg.s32max) !== reg.smax && reg.s32max !== S32_MAX)
    out.push(`${name("s32_max", "s32_max_value")}=${reg.s32max}`);
  // the kernel prints the u32 bounds with %d
  if (BigInt(reg.u32min) !== reg.umin && reg.u32min !== 0)
    out.push(`${name("u32_min", "u32_min_value")}=${reg.u32min | 0}`);
  if (BigInt(reg.u32max) !== reg.umax && reg.u32max !== U32_MAX)
    out.push(`${name("u32_max", "u32_max_value")}=${reg.u32max | 0}`);
  return out;
}

/** 6.6+: log.c print_reg_state. */
function formatCompact(reg: PrintReg, style: PrintStyle, curFrame: number): string {
  const scalar = reg.kind === "scalar";
  if (scalar && isConst(reg)) return `${reg.precise ? "P" : ""}${snum(reg.varOff.value)}`;
  let out = `${scalar && reg.precise ? "P" : ""}${typeName(reg, style)}`;
  if (reg.kind === "fp") {
    if (reg.frameno !== curFrame) out += `[${reg.frameno}]`;
    if (isConst(reg)) return out + snum(reg.varOff.value + BigInt(reg.off));
  }
  const attrs: string[] = [];
  if (reg.id) attrs.push(`id=${(reg.id & ~BPF_ADD_CONST) >>> 0}`);
  if (reg.id & BPF_ADD_CONST) {
    const delta = reg.off >= 0 ? `+${reg.off}` : `${reg.off}`;
    if (attrs.length > 0) attrs[attrs.length - 1] += delta;
    else attrs.push(delta);
  }
  if (reg.refObjId) attrs.push(`ref_obj_id=${reg.refObjId}`);
  if (isMapPtr(reg) && reg.map) {
    if (reg.map.name) attrs.push(`map=${reg.map.name}`);
    attrs.push(`ks=${reg.map.keySize},vs=${reg.map.valueSize}`);
  }
  if (!scalar && reg.off) attrs.push(`off=${snum(BigInt(reg.off))}`);
  if (isPkt(reg)) attrs.push(`r=${unum(BigInt(reg.range ?? 0))}`);
  if (reg.kind === "mem") attrs.push(`sz=${unum(BigInt(reg.memSize ?? 0))}`);
  if (isConst(reg)) {
    if (reg.varOff.value) attrs.push(`imm=${snum(reg.varOff.value)}`);
  } else {
    attrs.push(...compactRanges(reg));
    if (reg.varOff.mask !== U64_MAX) attrs.push(`var_off=${tnumString(reg.varOff, style)}`);
  }
  return `${out}(${attrs.join(",")})`;
}

/** print_scalar_ranges: equal bounds share one value (`smin=smin32=0`), signs never mixed. */
function compactRanges(reg: PrintReg): string[] {
  const s32 = (x: number): bigint => (isSnumDecimal(BigInt(x)) ? BigInt(x) : BigInt(x >>> 0));
  const rows = [
    { name: "smin", val: u64(reg.smin), omit: reg.smin === S64_MIN },
    { name: "smax", val: u64(reg.smax), omit: reg.smax === S64_MAX },
    { name: "umin", val: reg.umin, omit: reg.umin === 0n },
    { name: "umax", val: reg.umax, omit: reg.umax === U64_MAX },
    { name: "smin32", val: u64(s32(reg.s32min)), omit: reg.s32min === S32_MIN },
    { name: "smax32", val: u64(s32(reg.s32max)), omit: reg.s32max === S32_MAX },
    { name: "umin32", val: BigInt(reg.u32min >>> 0), omit: reg.u32min === 0 },
    { name: "umax32", val: BigInt(reg.u32max >>> 0), omit: reg.u32max >>> 0 === U32_MAX },
  ];
  const negative = (row: { name: string; val: bigint }): boolean => row.name[0] === "s" && s64(row.val) < 0n;
  const out: string[] = [];
  for (let i = 0; i < rows.length; i++) {
    const m1 = rows[i]!;
    if (m1.omit) continue;
    let text = `${m1.name}=`;
    for (let j = i + 2; j < rows.length; j += 2) {
      const m2 = rows[j]!;
      if (m2.omit || m2.val !== m1.val || negative(m2) !== negative(m1)) continue;
      m2.omit = true;
      text += `${m2.name}=`;
    }
    out.push(text + (m1.name[0] === "s" ? snum(m1.val) : unum(m1.val)));
  }
  return out;
}

/** One stack slot as ` fp-8_w=...`, or "" when it holds nothing printable. */
export function formatSlot(slot: PrintSlot, spi: number, style: PrintStyle, curFrame = 0): string {
  if (!/[^?]/.test(slot.types)) return "";
  const name = ` fp${(-spi - 1) * 8}`;
  const spilled = slot.types[7] === "r" && slot.spilled !== undefined;
  const live = livenessMarks(slot.spilled?.live ?? slot.live, style);
  if (!spilled) return `${name}${live}=${slot.types}`;
  const reg = slot.spilled!;
  if (style.layout === "compact") {
    const cut = slot.types.indexOf("r");
    return `${name}${live}=${slot.types.slice(0, cut)}${formatReg(reg, style, curFrame)}`;
  }
  const scalar = reg.kind === "scalar";
  let out = `${name}${live}=`;
  out += style.layout === "legacy" || !scalar ? typeName(reg, style) : "";
  if (scalar && reg.precise) out += "P";
  if (scalar && isConst(reg)) out += (s64(reg.varOff.value) + BigInt(reg.off)).toString();
  return out;
}

export interface FuncStatePrint {
  /** registers R0..R10; undefined or null = NOT_INIT */
  regs: ReadonlyArray<PrintReg | null | undefined>;
  /** stack slots, index = spi (fp-8 is 0) */
  stack?: ReadonlyArray<PrintSlot | undefined>;
  frameno?: number;
  /** scratched register bits, or null to print all (print_all) */
  scratchedRegs?: number | null;
  /** scratched stack slot bits (by spi), or null to print all */
  scratchedSlots?: bigint | null;
}

/** print_verifier_state of one frame: ` R1=ctx() R10=fp0 fp-8=mmmmmmmm` and the newline. */
export function formatFuncState(state: FuncStatePrint, style: PrintStyle): string {
  const frame = state.frameno ?? 0;
  let out = frame ? ` frame${frame}:` : "";
  const regMask = state.scratchedRegs ?? null;
  state.regs.forEach((reg, i) => {
    if (!reg) return;
    if (regMask !== null && (regMask & (1 << i)) === 0) return;
    out += ` R${i}${livenessMarks(reg.live, style)}=${formatReg(reg, style, frame)}`;
  });
  const slotMask = state.scratchedSlots ?? null;
  (state.stack ?? []).forEach((slot, spi) => {
    if (!slot) return;
    if (slotMask !== null && ((slotMask >> BigInt(spi)) & 1n) === 0n) return;
    out += formatSlot(slot, spi, style, frame);
  });
  return `${out}\n`;
}
