/**
 * Tracked numbers (kernel/bpf/tnum.c): a 64-bit value whose bits are each known 0, known 1 or
 * unknown. `value` holds the known-1 bits, `mask` the unknown bits; both are unsigned 64-bit
 * BigInts in [0, 2^64) and never share a bit. Written from the algorithms' definitions.
 */
export interface Tnum {
  readonly value: bigint;
  readonly mask: bigint;
}

export const U64_MAX = 0xffff_ffff_ffff_ffffn;
export const U32_MASK = 0xffff_ffffn;

const S64_LO = -(1n << 63n);
const S64_HI = (1n << 63n) - 1n;
/** x mod 2^64; an x already in range is returned as it is (no new BigInt) */
export const u64 = (x: bigint): bigint => (x >= 0n && x <= U64_MAX ? x : x & U64_MAX);
/** x as a signed 64-bit value; an x already in range is returned as it is */
export const s64 = (x: bigint): bigint => (x >= S64_LO && x <= S64_HI ? x : BigInt.asIntN(64, x));

const tn = (value: bigint, mask: bigint): Tnum => ({ value, mask });

export const TNUM_UNKNOWN: Tnum = tn(0n, U64_MAX);
export const TNUM_ZERO: Tnum = tn(0n, 0n);

export const tnumConst = (value: bigint): Tnum => tn(u64(value), 0n);

/** Index of the most significant set bit, 1-based (0 for 0): the kernel's fls64. */
export function fls64(x: bigint): number {
  if (x === 0n) return 0;
  const hi = Number(x >> 32n);
  return hi ? 64 - Math.clz32(hi) : 32 - Math.clz32(Number(x & 0xffff_ffffn));
}

export function tnumRange(min: bigint, max: bigint): Tnum {
  const bits = fls64(min ^ max);
  if (bits > 63) return TNUM_UNKNOWN;
  const delta = (1n << BigInt(bits)) - 1n;
  return tn(min & ~delta & U64_MAX, delta);
}

export const tnumLshift = (a: Tnum, shift: number): Tnum =>
  tn(u64(a.value << BigInt(shift)), u64(a.mask << BigInt(shift)));

export const tnumRshift = (a: Tnum, shift: number): Tnum =>
  tn(a.value >> BigInt(shift), a.mask >> BigInt(shift));

export function tnumArshift(a: Tnum, minShift: number, bitness: 32 | 64): Tnum {
  if (bitness === 32) {
    const v = (Number(a.value & U32_MASK) | 0) >> minShift;
    const m = (Number(a.mask & U32_MASK) | 0) >> minShift;
    return tn(BigInt(v >>> 0), BigInt(m >>> 0));
  }
  const sh = BigInt(minShift);
  return tn(u64(s64(a.value) >> sh), u64(s64(a.mask) >> sh));
}

export function tnumAdd(a: Tnum, b: Tnum): Tnum {
  const sm = u64(a.mask + b.mask);
  const sv = u64(a.value + b.value);
  const sigma = u64(sm + sv);
  const chi = sigma ^ sv;
  const mu = chi | a.mask | b.mask;
  return tn(sv & ~mu & U64_MAX, mu);
}

export function tnumSub(a: Tnum, b: Tnum): Tnum {
  const dv = u64(a.value - b.value);
  const alpha = u64(dv + a.mask);
  const beta = u64(dv - b.mask);
  const chi = alpha ^ beta;
  const mu = chi | a.mask | b.mask;
  return tn(dv & ~mu & U64_MAX, mu);
}

export const tnumNeg = (a: Tnum): Tnum => tnumSub(TNUM_ZERO, a);

export function tnumAnd(a: Tnum, b: Tnum): Tnum {
  const alpha = a.value | a.mask;
  const beta = b.value | b.mask;
  const v = a.value & b.value;
  return tn(v, alpha & beta & ~v & U64_MAX);
}

export function tnumOr(a: Tnum, b: Tnum): Tnum {
  const v = a.value | b.value;
  return tn(v, (a.mask | b.mask) & ~v & U64_MAX);
}

export function tnumXor(a: Tnum, b: Tnum): Tnum {
  const mu = a.mask | b.mask;
  return tn((a.value ^ b.value) & ~mu & U64_MAX, mu);
}

export function tnumUnion(a: Tnum, b: Tnum): Tnum {
  const v = a.value & b.value;
  const mu = (a.value ^ b.value) | a.mask | b.mask;
  return tn(v & ~mu & U64_MAX, mu);
}

let oldMul = false;
let hmaMul = false;
/** Kernels before 6.18 multiply with the 2021 accumulate-the-masks algorithm; before 5.14 (5.10) with hma. */
export function setOldTnumMul(on: boolean, hma = false): void {
  oldMul = on;
  hmaMul = hma;
}

/** 5.10's half-multiply-accumulate: add value << i for each set bit i of mask, as unknown bits */
function hma(acc0: Tnum, value0: bigint, mask0: bigint): Tnum {
  let acc = acc0;
  let value = value0;
  let mask = mask0;
  while (mask) {
    if (mask & 1n) acc = tnumAdd(acc, tn(0n, value));
    mask >>= 1n;
    value = u64(value << 1n);
  }
  return acc;
}

function tnumMulOld(a: Tnum, b: Tnum): Tnum {
  const accV = u64(a.value * b.value);
  let accM = TNUM_ZERO;
  let x = a;
  let y = b;
  while (x.value !== 0n || x.mask !== 0n) {
    if ((x.value & 1n) !== 0n) accM = tnumAdd(accM, tn(0n, y.mask));
    else if ((x.mask & 1n) !== 0n) accM = tnumAdd(accM, tn(0n, y.value | y.mask));
    x = tnumRshift(x, 1);
    y = tnumLshift(y, 1);
  }
  return tnumAdd(tn(accV, 0n), accM);
}

/** Long multiplication over the bits of a (the 6.18 formulation with tnum_union). */
export function tnumMul(a: Tnum, b: Tnum): Tnum {
  if (hmaMul) return hma(hma(tn(u64(a.value * b.value), 0n), a.mask, b.mask | b.value), b.mask, a.value);
  if (oldMul) return tnumMulOld(a, b);
  let acc = TNUM_ZERO;
  let x = a;
  let y = b;
  while (x.value !== 0n || x.mask !== 0n) {
    if ((x.value & 1n) !== 0n) acc = tnumAdd(acc, y);
    else if ((x.mask & 1n) !== 0n) acc = tnumUnion(acc, tnumAdd(acc, y));
    x = tnumRshift(x, 1);
    y = tnumLshift(y, 1);
  }
  return acc;
}

export function tnumOverlap(a: Tnum, b: Tnum): boolean {
  const mu = ~a.mask & ~b.mask & U64_MAX;
  return (a.value & mu) === (b.value & mu);
}

export function tnumIntersect(a: Tnum, b: Tnum): Tnum {
  const v = a.value | b.value;
  const mu = a.mask & b.mask;
  return tn(v & ~mu & U64_MAX, mu);
}

export function tnumCast(a: Tnum, size: number): Tnum {
  const m = (1n << BigInt(size * 8)) - 1n;
  return tn(a.value & m, a.mask & m);
}

/** Is every value of b a value of a? */
export function tnumIn(a: Tnum, b: Tnum): boolean {
  if ((b.mask & ~a.mask & U64_MAX) !== 0n) return false;
  return a.value === (b.value & ~a.mask & U64_MAX);
}

export const tnumIsConst = (a: Tnum): boolean => a.mask === 0n;
export const tnumIsUnknown = (a: Tnum): boolean => a.mask === U64_MAX;
export const tnumEqualsConst = (a: Tnum, b: bigint): boolean => a.mask === 0n && a.value === b;
export const tnumSubreg = (a: Tnum): Tnum => tn(a.value & U32_MASK, a.mask & U32_MASK);
export const tnumSubregIsConst = (a: Tnum): boolean => (a.mask & U32_MASK) === 0n;
export const tnumClearSubreg = (a: Tnum): Tnum =>
  tn(a.value & ~U32_MASK & U64_MAX, a.mask & ~U32_MASK & U64_MAX);
export const tnumWithSubreg = (reg: Tnum, sub: Tnum): Tnum => tnumOr(tnumClearSubreg(reg), tnumSubreg(sub));
export const tnumConstSubreg = (a: Tnum, value: number): Tnum =>
  tnumWithSubreg(a, tnumConst(BigInt(value >>> 0)));

function swab(x: bigint, bytes: number): bigint {
  let out = 0n;
  for (let i = 0; i < bytes; i++) out = (out << 8n) | ((x >> BigInt(8 * i)) & 0xffn);
  return out;
}

export const tnumBswap = (a: Tnum, bits: 16 | 32 | 64): Tnum => {
  const n = bits / 8;
  const m = bits === 64 ? U64_MAX : (1n << BigInt(bits)) - 1n;
  return tn(swab(a.value & m, n), swab(a.mask & m, n));
};

/** The smallest member of t greater than z (tnum_step); tmax when z >= tmax. */
export function tnumStep(t: Tnum, z: bigint): bigint {
  const tmax = t.value | t.mask;
  if (z >= tmax) return tmax;
  if (z < t.value) return t.value;
  const j = t.value | (z & t.mask);
  if (j > z) {
    const p = ~z & t.value & ~t.mask & U64_MAX;
    const k = BigInt(fls64(p));
    const q = u64(U64_MAX << k);
    return (q & z) | (~q & t.value & U64_MAX);
  }
  const p = z & ~t.value & ~t.mask & U64_MAX;
  const k = BigInt(fls64(p));
  const q = u64(U64_MAX << k);
  const v = (q & t.mask & z) | (q & ~t.mask & U64_MAX);
  const u = u64(v + (1n << k));
  return (u & t.mask) | t.value;
}

/** tnum_strn: a constant (decimal up to 65535, else hex) or `(value; mask)` in hex. */
export function tnumToString(a: Tnum): string {
  if (a.mask === 0n) return a.value <= 0xffffn ? a.value.toString() : `0x${a.value.toString(16)}`;
  return `(${hex0(a.value)}; ${hex0(a.mask)})`;
}

/** The kernel's %#llx: always with 0x, 0 too. */
export const hex0 = (x: bigint): string => `0x${x.toString(16)}`;
