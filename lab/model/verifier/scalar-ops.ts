/**
 * The scalar transfer functions of adjust_scalar_min_max_vals (6.18): for each ALU op, the
 * 32-bit and 64-bit bounds and the tnum of dst after `dst op= src`.
 */
import {
  coerceRegToSize,
  mark32Unbounded,
  mark64Unbounded,
  markKnown,
  markKnown32,
  markUnbounded,
  type RegState,
  S32_MAX,
  S32_MIN,
  S64_MAX,
  S64_MIN,
  U32_MAX,
  updateRegBounds,
} from "./reg-state.js";
import {
  s64,
  tnumArshift,
  tnumBswap,
  tnumIsConst,
  tnumLshift,
  tnumRshift,
  tnumSubreg,
  tnumSubregIsConst,
  U64_MAX,
  u64,
} from "./tnum.js";

const S64_MIN_B = S64_MIN;
const inS32 = (x: number): boolean => x >= S32_MIN && x <= S32_MAX;
const inS64 = (x: bigint): boolean => x >= S64_MIN_B && x <= S64_MAX;

/** add/sub/mul as 5.10-6.12 bound them (any unsigned overflow forgets the range; mul only for small non-negative operands) */
let oldArith = false;
export function setOldArith(on: boolean): void {
  oldArith = on;
}

export function add32(d: RegState, s: RegState): void {
  const smin = d.s32min + s.s32min;
  const smax = d.s32max + s.s32max;
  if (!inS32(smin) || !inS32(smax)) {
    d.s32min = S32_MIN;
    d.s32max = S32_MAX;
  } else {
    d.s32min = smin;
    d.s32max = smax;
  }
  const umin = d.u32min + s.u32min;
  const umax = d.u32max + s.u32max;
  const minOver = umin > U32_MAX;
  const maxOver = umax > U32_MAX;
  d.u32min = umin >>> 0;
  d.u32max = umax >>> 0;
  if (oldArith ? minOver || maxOver : !minOver && maxOver) {
    d.u32min = 0;
    d.u32max = U32_MAX;
  }
}

export function add64(d: RegState, s: RegState): void {
  const smin = d.smin + s.smin;
  const smax = d.smax + s.smax;
  if (!inS64(smin) || !inS64(smax)) {
    d.smin = S64_MIN;
    d.smax = S64_MAX;
  } else {
    d.smin = smin;
    d.smax = smax;
  }
  const umin = d.umin + s.umin;
  const umax = d.umax + s.umax;
  const minOver = umin > U64_MAX;
  const maxOver = umax > U64_MAX;
  d.umin = u64(umin);
  d.umax = u64(umax);
  if (oldArith ? minOver || maxOver : !minOver && maxOver) {
    d.umin = 0n;
    d.umax = U64_MAX;
  }
}

export function sub32(d: RegState, s: RegState): void {
  const smin = d.s32min - s.s32max;
  const smax = d.s32max - s.s32min;
  if (!inS32(smin) || !inS32(smax)) {
    d.s32min = S32_MIN;
    d.s32max = S32_MAX;
  } else {
    d.s32min = smin;
    d.s32max = smax;
  }
  const umin = d.u32min - s.u32max;
  const umax = d.u32max - s.u32min;
  d.u32min = umin >>> 0;
  d.u32max = umax >>> 0;
  if (oldArith ? umin < 0 : umin < 0 && !(umax < 0)) {
    d.u32min = 0;
    d.u32max = U32_MAX;
  }
}

export function sub64(d: RegState, s: RegState): void {
  const smin = d.smin - s.smax;
  const smax = d.smax - s.smin;
  if (!inS64(smin) || !inS64(smax)) {
    d.smin = S64_MIN;
    d.smax = S64_MAX;
  } else {
    d.smin = smin;
    d.smax = smax;
  }
  const umin = d.umin - s.umax;
  const umax = d.umax - s.umin;
  d.umin = u64(umin);
  d.umax = u64(umax);
  if (oldArith ? umin < 0n : umin < 0n && !(umax < 0n)) {
    d.umin = 0n;
    d.umax = U64_MAX;
  }
}

function mul32Old(d: RegState, s: RegState): void {
  if (s.s32min < 0 || d.s32min < 0 || s.u32max > 0xffff || d.u32max > 0xffff) {
    d.s32min = S32_MIN;
    d.s32max = S32_MAX;
    d.u32min = 0;
    d.u32max = U32_MAX;
    return;
  }
  // u32 products wrap (a min above the max, left by an earlier broken range, can overflow), and the
  // u32 -> s32 assignments reinterpret the bits
  d.u32min = Math.imul(d.u32min, s.u32min) >>> 0;
  d.u32max = Math.imul(d.u32max, s.u32max) >>> 0;
  if (d.u32max > S32_MAX) {
    d.s32min = S32_MIN;
    d.s32max = S32_MAX;
  } else {
    d.s32min = d.u32min | 0;
    d.s32max = d.u32max | 0;
  }
}

function mul64Old(d: RegState, s: RegState): void {
  if (s.smin < 0n || d.smin < 0n || s.umax > 0xffff_ffffn || d.umax > 0xffff_ffffn) {
    d.smin = S64_MIN;
    d.smax = S64_MAX;
    d.umin = 0n;
    d.umax = U64_MAX;
    return;
  }
  d.umin = BigInt.asUintN(64, d.umin * s.umin);
  d.umax = BigInt.asUintN(64, d.umax * s.umax);
  if (d.umax > S64_MAX) {
    d.smin = S64_MIN;
    d.smax = S64_MAX;
  } else {
    d.smin = BigInt.asIntN(64, d.umin);
    d.smax = d.umax;
  }
}

export function mul32(d: RegState, s: RegState): void {
  if (oldArith) {
    mul32Old(d, s);
    return;
  }
  const umax = BigInt(d.u32max) * BigInt(s.u32max);
  const umin = BigInt(d.u32min) * BigInt(s.u32min);
  if (umax > 0xffff_ffffn || umin > 0xffff_ffffn) {
    d.u32min = 0;
    d.u32max = U32_MAX;
  } else {
    d.u32max = Number(umax);
    d.u32min = Number(umin);
  }
  const p = [d.s32min * s.s32min, d.s32min * s.s32max, d.s32max * s.s32min, d.s32max * s.s32max];
  if (p.some((x) => !inS32(x))) {
    d.s32min = S32_MIN;
    d.s32max = S32_MAX;
  } else {
    d.s32min = Math.min(...p);
    d.s32max = Math.max(...p);
  }
}

export function mul64(d: RegState, s: RegState): void {
  if (oldArith) {
    mul64Old(d, s);
    return;
  }
  const umax = d.umax * s.umax;
  const umin = d.umin * s.umin;
  if (umax > U64_MAX || umin > U64_MAX) {
    d.umin = 0n;
    d.umax = U64_MAX;
  } else {
    d.umax = umax;
    d.umin = umin;
  }
  const p = [d.smin * s.smin, d.smin * s.smax, d.smax * s.smin, d.smax * s.smax];
  if (p.some((x) => !inS64(x))) {
    d.smin = S64_MIN;
    d.smax = S64_MAX;
  } else {
    d.smin = p.reduce((a, b) => (a < b ? a : b));
    d.smax = p.reduce((a, b) => (a > b ? a : b));
  }
}

/** The 5.10-6.1 rule: signed bounds follow unsigned ones only when neither side can be negative. */
let legacySigned: { dst: boolean; src: boolean } | null = null;

function signedFromU32(d: RegState): void {
  if (legacySigned) {
    if (legacySigned.dst || legacySigned.src) {
      d.s32min = S32_MIN;
      d.s32max = S32_MAX;
    } else {
      d.s32min = d.u32min | 0;
      d.s32max = d.u32max | 0;
    }
    return;
  }
  if ((d.u32min | 0) <= (d.u32max | 0)) {
    d.s32min = d.u32min | 0;
    d.s32max = d.u32max | 0;
  } else {
    d.s32min = S32_MIN;
    d.s32max = S32_MAX;
  }
}

function signedFromU64(d: RegState): void {
  if (legacySigned) {
    if (legacySigned.dst || legacySigned.src) {
      d.smin = S64_MIN;
      d.smax = S64_MAX;
    } else {
      d.smin = s64(d.umin);
      d.smax = s64(d.umax);
    }
    return;
  }
  if (s64(d.umin) <= s64(d.umax)) {
    d.smin = s64(d.umin);
    d.smax = s64(d.umax);
  } else {
    d.smin = S64_MIN;
    d.smax = S64_MAX;
  }
}

const lo = (x: bigint): number => Number(x & 0xffff_ffffn);

/** and/or/xor, 32-bit half; the tnum has already been combined. */
export function bitop32(
  op: "and" | "or" | "xor",
  d: RegState,
  s: RegState,
  srcKnown: boolean,
  dstKnown: boolean,
): void {
  const t = tnumSubreg(d.varOff);
  if (srcKnown && dstKnown) {
    markKnown32(d, lo(t.value));
    return;
  }
  legacySigned = legacy ? { dst: d.s32min < 0, src: s.s32min < 0 } : null;
  if (op === "and") {
    d.u32min = lo(t.value);
    d.u32max = Math.min(d.u32max, s.u32max);
  } else if (op === "or") {
    d.u32min = Math.max(d.u32min, s.u32min);
    d.u32max = lo(t.value | t.mask);
  } else {
    d.u32min = lo(t.value);
    d.u32max = lo(t.value | t.mask);
  }
  signedFromU32(d);
  legacySigned = null;
}

export function bitop64(
  op: "and" | "or" | "xor",
  d: RegState,
  s: RegState,
  srcKnown: boolean,
  dstKnown: boolean,
): void {
  if (srcKnown && dstKnown) {
    markKnown(d, d.varOff.value);
    return;
  }
  const t = d.varOff;
  legacySigned = legacy ? { dst: d.smin < 0n, src: s.smin < 0n } : null;
  if (op === "and") {
    d.umin = t.value;
    d.umax = d.umax < s.umax ? d.umax : s.umax;
  } else if (op === "or") {
    d.umin = d.umin > s.umin ? d.umin : s.umin;
    d.umax = t.value | t.mask;
  } else {
    d.umin = t.value;
    d.umax = t.value | t.mask;
  }
  signedFromU64(d);
  legacySigned = null;
  updateRegBounds(d);
}

let legacy = false;
/** and/or/xor signed bounds as 5.10-6.1 compute them */
export function setLegacyBitops(on: boolean): void {
  legacy = on;
}

export const subregKnown = (r: RegState): boolean => tnumSubregIsConst(r.varOff);
export const regKnown = (r: RegState): boolean => tnumIsConst(r.varOff);

function lsh32Bounds(d: RegState, umin: bigint, umax: bigint): void {
  d.s32min = S32_MIN;
  d.s32max = S32_MAX;
  if (umax > 31n || BigInt(d.u32max) > 1n << (31n - umax)) {
    d.u32min = 0;
    d.u32max = U32_MAX;
  } else {
    d.u32min = Number((BigInt(d.u32min) << umin) & 0xffff_ffffn);
    d.u32max = Number((BigInt(d.u32max) << umax) & 0xffff_ffffn);
  }
}

export function lsh32(d: RegState, s: RegState): void {
  const sub = tnumSubreg(d.varOff);
  lsh32Bounds(d, BigInt(s.u32min), BigInt(s.u32max));
  d.varOff = tnumSubreg(tnumLshift(sub, s.u32min));
  mark64Unbounded(d);
  updateRegBounds(d);
}

/** `<<= 32` carries negative s32 bounds into smin/smax too (lsh32_sext_any_sign); before, only non-negative ones */
let sextAnySign = true;
export function setLsh32SextAnySign(on: boolean): void {
  sextAnySign = on;
}

export function lsh64(d: RegState, s: RegState): void {
  const umin = s.umin;
  const umax = s.umax;
  if (umin === 32n && umax === 32n) {
    d.smax = sextAnySign || d.s32max >= 0 ? BigInt(d.s32max) << 32n : S64_MAX;
    d.smin = sextAnySign || d.s32min >= 0 ? BigInt(d.s32min) << 32n : S64_MIN;
  } else {
    d.smax = S64_MAX;
    d.smin = S64_MIN;
  }
  if (d.umax > 1n << (63n - umax)) {
    d.umin = 0n;
    d.umax = U64_MAX;
  } else {
    d.umin = u64(d.umin << umin);
    d.umax = u64(d.umax << umax);
  }
  lsh32Bounds(d, umin, umax);
  d.varOff = tnumLshift(d.varOff, Number(umin));
  updateRegBounds(d);
}

export function rsh32(d: RegState, s: RegState): void {
  const sub = tnumSubreg(d.varOff);
  d.s32min = S32_MIN;
  d.s32max = S32_MAX;
  d.varOff = tnumRshift(sub, s.u32min);
  d.u32min = d.u32min >>> s.u32max;
  d.u32max = d.u32max >>> s.u32min;
  mark64Unbounded(d);
  updateRegBounds(d);
}

export function rsh64(d: RegState, s: RegState): void {
  d.smin = S64_MIN;
  d.smax = S64_MAX;
  d.varOff = tnumRshift(d.varOff, Number(s.umin));
  d.umin >>= s.umax;
  d.umax >>= s.umin;
  mark32Unbounded(d);
  updateRegBounds(d);
}

export function arsh32(d: RegState, s: RegState): void {
  const sh = s.u32min;
  d.s32min = d.s32min >> sh;
  d.s32max = d.s32max >> sh;
  d.varOff = tnumArshift(tnumSubreg(d.varOff), sh, 32);
  d.u32min = 0;
  d.u32max = U32_MAX;
  mark64Unbounded(d);
  updateRegBounds(d);
}

export function arsh64(d: RegState, s: RegState): void {
  const sh = s.umin;
  d.smin >>= sh;
  d.smax >>= sh;
  d.varOff = tnumArshift(d.varOff, Number(sh), 64);
  d.umin = 0n;
  d.umax = U64_MAX;
  mark32Unbounded(d);
  updateRegBounds(d);
}

/** scalar_byte_swap on a little-endian host. */
export function byteSwap(d: RegState, alu64: boolean, toLe: boolean, imm: number): void {
  const needBswap = alu64 || !toLe;
  if (needBswap || imm === 16 || imm === 32) d.id = 0;
  if (needBswap) {
    d.varOff = tnumBswap(d.varOff, imm as 16 | 32 | 64);
    markUnbounded(d);
  }
  if (imm === 16 || imm === 32) coerceRegToSize(d, imm / 8);
}
