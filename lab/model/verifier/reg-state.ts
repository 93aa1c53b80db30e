/**
 * One register's abstract value (struct bpf_reg_state): its type, and for scalars (and pointer
 * offsets) a tnum plus signed/unsigned 64-bit bounds (BigInt) and 32-bit subregister bounds
 * (numbers: u32 in [0, 2^32), s32 as int32). The bounds functions follow the kernel's
 * __update_reg_bounds / __reg_deduce_bounds / __reg_bound_offset / reg_bounds_sync of 6.18.
 */
import {
  s64,
  TNUM_UNKNOWN,
  type Tnum,
  tnumCast,
  tnumClearSubreg,
  tnumConst,
  tnumConstSubreg,
  tnumIntersect,
  tnumOr,
  tnumRange,
  tnumStep,
  tnumSubreg,
  U64_MAX,
  u64,
} from "./tnum.js";

export enum RegType {
  NOT_INIT = 0,
  SCALAR_VALUE = 1,
  PTR_TO_CTX = 2,
  PTR_TO_STACK = 3,
}

export const S64_MIN = -(1n << 63n);
export const S64_MAX = (1n << 63n) - 1n;
export const S32_MIN = -0x8000_0000;
export const S32_MAX = 0x7fff_ffff;
export const U32_MAX = 0xffff_ffff;
export const DEF_NOT_SUBREG = 0;

export class RegState {
  type: RegType;
  /** fixed offset of a pointer */
  off: number;
  varOff: Tnum;
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
  subregDef: number;
  /** REG_LIVE_* marks (kernels with read-mark liveness, before 6.18) */
  live: number;
  /** the register this one's reads propagate to (the parent checkpoint's), read-mark liveness only */
  parent: RegState | null;

  /** A copy of `o`, or a fresh NOT_INIT register with unbounded scalar fields. */
  constructor(o?: RegState) {
    if (o) {
      this.type = o.type;
      this.off = o.off;
      this.varOff = o.varOff;
      this.smin = o.smin;
      this.smax = o.smax;
      this.umin = o.umin;
      this.umax = o.umax;
      this.s32min = o.s32min;
      this.s32max = o.s32max;
      this.u32min = o.u32min;
      this.u32max = o.u32max;
      this.id = o.id;
      this.frameno = o.frameno;
      this.precise = o.precise;
      this.subregDef = o.subregDef;
      this.live = o.live;
      this.parent = o.parent;
    } else {
      this.type = RegType.NOT_INIT;
      this.off = 0;
      this.varOff = TNUM_UNKNOWN;
      this.smin = S64_MIN;
      this.smax = S64_MAX;
      this.umin = 0n;
      this.umax = U64_MAX;
      this.s32min = S32_MIN;
      this.s32max = S32_MAX;
      this.u32min = 0;
      this.u32max = U32_MAX;
      this.id = 0;
      this.frameno = 0;
      this.precise = false;
      this.subregDef = DEF_NOT_SUBREG;
      this.live = 0;
      this.parent = null;
    }
  }

  clone(): RegState {
    return new RegState(this);
  }

  copyFrom(o: RegState): void {
    this.type = o.type;
    this.off = o.off;
    this.varOff = o.varOff;
    this.smin = o.smin;
    this.smax = o.smax;
    this.umin = o.umin;
    this.umax = o.umax;
    this.s32min = o.s32min;
    this.s32max = o.s32max;
    this.u32min = o.u32min;
    this.u32max = o.u32max;
    this.id = o.id;
    this.frameno = o.frameno;
    this.precise = o.precise;
    this.subregDef = o.subregDef;
    this.live = o.live;
    this.parent = o.parent;
  }
}

const s32 = (x: number): number => x | 0;
const u32 = (x: number): number => x >>> 0;
const TWO53 = 2 ** 53;
/** The low 32 bits as a number; without a new BigInt when a double holds x exactly. */
const lo32 = (x: bigint): number => {
  const n = Number(x);
  return n >= 0 && n < TWO53 ? n % 4294967296 : Number(x & 0xffff_ffffn);
};
const maxB = (a: bigint, b: bigint): bigint => (a > b ? a : b);
const minB = (a: bigint, b: bigint): bigint => (a < b ? a : b);

/** ___mark_reg_known: the value is the constant imm (ids untouched). */
export function markKnownValue(reg: RegState, imm: bigint): void {
  const v = u64(imm);
  reg.varOff = tnumConst(v);
  reg.smin = s64(v);
  reg.smax = reg.smin;
  reg.umin = v;
  reg.umax = v;
  const l = lo32(v);
  reg.s32min = s32(l);
  reg.s32max = s32(l);
  reg.u32min = l;
  reg.u32max = l;
}

/** __mark_reg_known: clears off and ids too. */
export function markKnown(reg: RegState, imm: bigint): void {
  reg.off = 0;
  reg.id = 0;
  markKnownValue(reg, imm);
}

export function markKnown32(reg: RegState, imm: number): void {
  reg.varOff = tnumConstSubreg(reg.varOff, imm);
  reg.s32min = s32(imm);
  reg.s32max = s32(imm);
  reg.u32min = u32(imm);
  reg.u32max = u32(imm);
}

export function markUnbounded(reg: RegState): void {
  mark64Unbounded(reg);
  mark32Unbounded(reg);
}

export function mark64Unbounded(reg: RegState): void {
  reg.smin = S64_MIN;
  reg.smax = S64_MAX;
  reg.umin = 0n;
  reg.umax = U64_MAX;
}

export function mark32Unbounded(reg: RegState): void {
  reg.s32min = S32_MIN;
  reg.s32max = S32_MAX;
  reg.u32min = 0;
  reg.u32max = U32_MAX;
}

/** __mark_reg_unknown for a privileged loader (precise = !bpf_capable = false). */
export function markUnknown(reg: RegState, precise = false): void {
  reg.type = RegType.SCALAR_VALUE;
  reg.off = 0;
  reg.id = 0;
  reg.varOff = TNUM_UNKNOWN;
  reg.frameno = 0;
  reg.precise = precise;
  markUnbounded(reg);
}

export function markNotInit(reg: RegState): void {
  markUnknown(reg);
  reg.type = RegType.NOT_INIT;
}

function updateReg32Bounds(reg: RegState): void {
  const v = lo32(reg.varOff.value);
  const m = lo32(reg.varOff.mask);
  reg.s32min = Math.max(reg.s32min, s32(v | (m & 0x8000_0000)));
  reg.s32max = Math.min(reg.s32max, s32(v | (m & 0x7fff_ffff)));
  reg.u32min = Math.max(reg.u32min, v);
  reg.u32max = Math.min(reg.u32max, u32(v | m));
}

/**
 * The bounds era: kernels up to 6.6 (5.10, 5.15, 6.1) deduce bounds with the older, simpler
 * functions (one __reg_deduce_bounds pass, no mixed 32/64 deduction, no tnum_step, no sync after
 * 32-bit zero-extending loads). Set by bpfCheck for the run (verification is synchronous).
 */
let legacy = false;
/** 6.7-6.12: no tnum_step in __update_reg64_bounds, an extra s32 step in the mixed deduction */
let v612 = false;
let v510 = false;
export function setLegacyBounds(on: boolean, era612 = false, era510 = false): void {
  legacy = on;
  v612 = era612;
  v510 = era510;
}
export const legacyBounds = (): boolean => legacy;

function updateReg64Bounds(reg: RegState): void {
  const { value, mask } = reg.varOff;
  reg.smin = maxB(reg.smin, s64(value | (mask & 0x8000_0000_0000_0000n)));
  reg.smax = minB(reg.smax, s64(value | (mask & 0x7fff_ffff_ffff_ffffn)));
  reg.umin = maxB(reg.umin, value);
  reg.umax = minB(reg.umax, value | mask);
  if (legacy || v612) return;
  // does the u64 range meet the tnum in a single value?
  const next = tnumStep(reg.varOff, reg.umin);
  const uminIn = (reg.umin & ~mask & U64_MAX) === value;
  const tmax = value | mask;
  if (uminIn && next > reg.umax) markKnownValue(reg, reg.umin);
  else if (!uminIn && next === tmax) markKnownValue(reg, tmax);
  else if (!uminIn && next <= reg.umax && tnumStep(reg.varOff, next) > reg.umax) markKnownValue(reg, next);
}

export function updateRegBounds(reg: RegState): void {
  updateReg32Bounds(reg);
  updateReg64Bounds(reg);
}

function deduce32(reg: RegState): void {
  if (reg.umin >> 32n === reg.umax >> 32n) {
    const a = lo32(reg.umin);
    const b = lo32(reg.umax);
    reg.u32min = Math.max(reg.u32min, a);
    reg.u32max = Math.min(reg.u32max, b);
    if (s32(a) <= s32(b)) {
      reg.s32min = Math.max(reg.s32min, s32(a));
      reg.s32max = Math.min(reg.s32max, s32(b));
    }
  }
  if (reg.smin >> 32n === reg.smax >> 32n) {
    const a = lo32(reg.smin);
    const b = lo32(reg.smax);
    if (a <= b) {
      reg.u32min = Math.max(reg.u32min, a);
      reg.u32max = Math.min(reg.u32max, b);
    }
    if (s32(a) <= s32(b)) {
      reg.s32min = Math.max(reg.s32min, s32(a));
      reg.s32max = Math.min(reg.s32max, s32(b));
    }
  }
  if (
    u32(lo32(reg.umin >> 32n) + 1) === lo32(reg.umax >> 32n) &&
    s32(lo32(reg.umin)) < 0 &&
    s32(lo32(reg.umax)) >= 0
  ) {
    reg.s32min = Math.max(reg.s32min, s32(lo32(reg.umin)));
    reg.s32max = Math.min(reg.s32max, s32(lo32(reg.umax)));
  }
  if (
    u32(lo32(u64(reg.smin) >> 32n) + 1) === lo32(u64(reg.smax) >> 32n) &&
    s32(lo32(u64(reg.smin))) < 0 &&
    s32(lo32(u64(reg.smax))) >= 0
  ) {
    reg.s32min = Math.max(reg.s32min, s32(lo32(u64(reg.smin))));
    reg.s32max = Math.min(reg.s32max, s32(lo32(u64(reg.smax))));
  }
  if (s32(reg.u32min) <= s32(reg.u32max)) {
    reg.s32min = Math.max(reg.s32min, s32(reg.u32min));
    reg.s32max = Math.min(reg.s32max, s32(reg.u32max));
  }
  if (u32(reg.s32min) <= u32(reg.s32max)) {
    reg.u32min = Math.max(u32(reg.s32min), reg.u32min);
    reg.u32max = Math.min(u32(reg.s32max), reg.u32max);
  } else if (reg.u32max < u32(reg.s32min)) {
    reg.s32min = s32(reg.u32min);
    reg.u32max = Math.min(reg.u32max, u32(reg.s32max));
  } else if (u32(reg.s32max) < reg.u32min) {
    reg.s32max = s32(reg.u32max);
    reg.u32min = Math.max(reg.u32min, u32(reg.s32min));
  }
}

function deduce64(reg: RegState): void {
  if (s64(reg.umin) <= s64(reg.umax)) {
    reg.smin = maxB(reg.smin, s64(reg.umin));
    reg.smax = minB(reg.smax, s64(reg.umax));
  }
  const usmin = u64(reg.smin);
  const usmax = u64(reg.smax);
  if (usmin <= usmax) {
    reg.umin = maxB(usmin, reg.umin);
    reg.umax = minB(usmax, reg.umax);
  } else if (reg.umax < usmin) {
    reg.smin = s64(reg.umin);
    reg.umax = minB(reg.umax, usmax);
  } else if (usmax < reg.umin) {
    reg.smax = s64(reg.umax);
    reg.umin = maxB(reg.umin, usmin);
  }
}

function deduceMixed(reg: RegState): void {
  const hiMask = ~0xffff_ffffn & U64_MAX;
  const newUmin = (reg.umin & hiMask) | BigInt(reg.u32min);
  const newUmax = (reg.umax & hiMask) | BigInt(reg.u32max);
  reg.umin = maxB(reg.umin, newUmin);
  reg.umax = minB(reg.umax, newUmax);
  const newSmin = s64((u64(reg.smin) & hiMask) | BigInt(reg.u32min));
  const newSmax = s64((u64(reg.smax) & hiMask) | BigInt(reg.u32max));
  reg.smin = maxB(reg.smin, newSmin);
  reg.smax = minB(reg.smax, newSmax);
  if (v612 && u32(reg.s32min) <= u32(reg.s32max)) {
    const lo = BigInt(u32(reg.s32min));
    const hi = BigInt(u32(reg.s32max));
    reg.umin = maxB(reg.umin, (reg.umin & hiMask) | lo);
    reg.umax = minB(reg.umax, (reg.umax & hiMask) | hi);
    reg.smin = maxB(reg.smin, s64((u64(reg.smin) & hiMask) | lo));
    reg.smax = minB(reg.smax, s64((u64(reg.smax) & hiMask) | hi));
  }
  if (reg.s32min >= 0 && reg.smin >= BigInt(S32_MIN) && reg.smax <= BigInt(S32_MAX)) {
    reg.smin = BigInt(reg.s32min);
    reg.smax = BigInt(reg.s32max);
    reg.umin = u64(BigInt(reg.s32min));
    reg.umax = u64(BigInt(reg.s32max));
    reg.varOff = tnumIntersect(reg.varOff, tnumRange(u64(reg.smin), u64(reg.smax)));
  }
}

export function deduceBounds(reg: RegState): void {
  deduce32(reg);
  deduce64(reg);
  deduceMixed(reg);
}

function boundOffset(reg: RegState): void {
  const var64 = tnumIntersect(reg.varOff, tnumRange(reg.umin, reg.umax));
  // 5.10 and 5.15 intersect the u32 range with the old low half, not with the 64-bit result's
  const low = v510 ? reg.varOff : var64;
  const var32 = tnumIntersect(tnumSubreg(low), tnumRange(BigInt(reg.u32min), BigInt(reg.u32max)));
  reg.varOff = tnumOr(tnumClearSubreg(var64), var32);
}

/** The 5.10-6.1 __reg32_deduce_bounds / __reg64_deduce_bounds. */
function deduceLegacy(reg: RegState): void {
  if (reg.s32min >= 0 || reg.s32max < 0) {
    const lo = Math.max(u32(reg.s32min), reg.u32min);
    const hi = Math.min(u32(reg.s32max), reg.u32max);
    reg.s32min = s32(lo);
    reg.u32min = lo;
    reg.s32max = s32(hi);
    reg.u32max = hi;
  } else if (s32(reg.u32max) >= 0) {
    reg.s32min = s32(reg.u32min);
    const hi = Math.min(u32(reg.s32max), reg.u32max);
    reg.s32max = s32(hi);
    reg.u32max = hi;
  } else if (s32(reg.u32min) < 0) {
    const lo = Math.max(u32(reg.s32min), reg.u32min);
    reg.s32min = s32(lo);
    reg.u32min = lo;
    reg.s32max = s32(reg.u32max);
  }
  if (reg.smin >= 0n || reg.smax < 0n) {
    const lo = maxB(u64(reg.smin), reg.umin);
    const hi = minB(u64(reg.smax), reg.umax);
    reg.smin = s64(lo);
    reg.umin = lo;
    reg.smax = s64(hi);
    reg.umax = hi;
  } else if (s64(reg.umax) >= 0n) {
    reg.smin = s64(reg.umin);
    const hi = minB(u64(reg.smax), reg.umax);
    reg.smax = s64(hi);
    reg.umax = hi;
  } else if (s64(reg.umin) < 0n) {
    const lo = maxB(u64(reg.smin), reg.umin);
    reg.smin = s64(lo);
    reg.umin = lo;
    reg.smax = s64(reg.umax);
  }
}

function regBoundsSyncLegacy(reg: RegState): void {
  updateRegBounds(reg);
  deduceLegacy(reg);
  boundOffset(reg);
  updateRegBounds(reg);
}

/** __reg_combine_64_into_32 (legacy era) */
export function combine64Into32(reg: RegState): void {
  mark32Unbounded(reg);
  if (
    reg.smin >= BigInt(S32_MIN) &&
    reg.smin <= BigInt(S32_MAX) &&
    reg.smax >= BigInt(S32_MIN) &&
    reg.smax <= BigInt(S32_MAX)
  ) {
    reg.s32min = Number(reg.smin);
    reg.s32max = Number(reg.smax);
  }
  if (reg.umin <= 0xffff_ffffn && reg.umax <= 0xffff_ffffn) {
    reg.u32min = Number(reg.umin);
    reg.u32max = Number(reg.umax);
  }
  regBoundsSync(reg);
}

/** __reg_combine_32_into_64 (legacy era) */
export function combine32Into64(reg: RegState): void {
  if (reg.varOff.value >> 32n === 0n && reg.varOff.mask >> 32n === 0n) assign32Into64(reg);
  else mark64Unbounded(reg);
  regBoundsSync(reg);
}

export function regBoundsSync(reg: RegState): void {
  if (legacy) {
    regBoundsSyncLegacy(reg);
    return;
  }
  if (isSyncedConst(reg)) return;
  // reg_bounds_sync is a pure function of the ten numbers (and the era): remember its answers
  const era = (v612 ? 1 : 0) | (v510 ? 2 : 0);
  const hash = syncHash(reg, era);
  let bucket = SYNC_CACHE.get(hash);
  if (bucket) {
    for (const entry of bucket) {
      if (entry.era === era && sameInput(entry.input, reg)) {
        assignBounds(reg, entry.output);
        return;
      }
    }
  }
  const input = reg.clone();
  updateRegBounds(reg);
  deduceBounds(reg);
  deduceBounds(reg);
  deduceBounds(reg);
  boundOffset(reg);
  updateRegBounds(reg);
  if (SYNC_CACHE.size > 50_000) {
    SYNC_CACHE.clear();
    bucket = undefined;
  }
  const entry = { era, input, output: reg.clone() };
  if (bucket) bucket.push(entry);
  else SYNC_CACHE.set(hash, [entry]);
}

interface SyncEntry {
  /** the bounds era (6.12 deduction, 5.10 bound offset) the answer was computed in */
  era: number;
  /** the bounds before and after reg_bounds_sync */
  input: RegState;
  output: RegState;
}

/** Answers by a hash of their input; each bucket is searched for an equal input. */
const SYNC_CACHE = new Map<number, SyncEntry[]>();

/** A hash of the ten numbers and the era, without making text or new BigInts. */
function syncHash(reg: RegState, era: number): number {
  let h = Math.imul(0x9e3779b9 ^ era, 0x85ebca6b);
  h = mixDouble(h, Number(reg.varOff.value));
  h = mixDouble(h, Number(reg.varOff.mask));
  h = mixDouble(h, Number(reg.smin));
  h = mixDouble(h, Number(reg.smax));
  h = mixDouble(h, Number(reg.umin));
  h = mixDouble(h, Number(reg.umax));
  h = Math.imul(h ^ reg.s32min, 0x27d4eb2d);
  h = Math.imul(h ^ reg.s32max, 0x165667b1);
  h = Math.imul(h ^ reg.u32min, 0x27d4eb2d);
  return Math.imul(h ^ reg.u32max, 0x165667b1);
}

/** One step of the hash over a double's low and high 32-bit halves (exact below 2^53, rounded above). */
function mixDouble(h: number, x: number): number {
  const a = Math.imul(h ^ (x | 0), 0x27d4eb2d);
  return Math.imul(a ^ ((x / 4294967296) | 0), 0x165667b1);
}

function sameInput(a: RegState, b: RegState): boolean {
  return (
    a.varOff.value === b.varOff.value &&
    a.varOff.mask === b.varOff.mask &&
    a.smin === b.smin &&
    a.smax === b.smax &&
    a.umin === b.umin &&
    a.umax === b.umax &&
    a.s32min === b.s32min &&
    a.s32max === b.s32max &&
    a.u32min === b.u32min &&
    a.u32max === b.u32max
  );
}

function assignBounds(reg: RegState, from: RegState): void {
  reg.varOff = from.varOff;
  reg.smin = from.smin;
  reg.smax = from.smax;
  reg.umin = from.umin;
  reg.umax = from.umax;
  reg.s32min = from.s32min;
  reg.s32max = from.s32max;
  reg.u32min = from.u32min;
  reg.u32max = from.u32max;
}

/** A constant whose bounds already say so: every step of reg_bounds_sync leaves it as it is. */
function isSyncedConst(reg: RegState): boolean {
  const v = reg.varOff.value;
  if (reg.varOff.mask !== 0n || reg.umin !== v || reg.umax !== v) return false;
  const s = s64(v);
  if (reg.smin !== s || reg.smax !== s) return false;
  const l = lo32(v);
  return reg.u32min === l && reg.u32max === l && reg.s32min === (l | 0) && reg.s32max === (l | 0);
}

/** __reg_assign_32_into_64 after the tnum was cut to its subregister. */
export function zext32To64(reg: RegState): void {
  reg.varOff = tnumSubreg(reg.varOff);
  assign32Into64(reg);
}

function assign32Into64(reg: RegState): void {
  reg.umin = BigInt(reg.u32min);
  reg.umax = BigInt(reg.u32max);
  if (reg.s32min >= 0 && reg.s32max >= 0) {
    reg.smin = BigInt(reg.s32min);
    reg.smax = BigInt(reg.s32max);
  } else {
    reg.smin = 0n;
    reg.smax = BigInt(U32_MAX);
  }
}

/** Truncate to `size` bytes (< 8), zero-extending: b/h/w loads and le/be16/32. */
export function coerceRegToSize(reg: RegState, size: number): void {
  reg.varOff = tnumCast(reg.varOff, size);
  const mask = (1n << BigInt(size * 8)) - 1n;
  if ((reg.umin & ~mask) === (reg.umax & ~mask)) {
    reg.umin &= mask;
    reg.umax &= mask;
  } else {
    reg.umin = 0n;
    reg.umax = mask;
  }
  reg.smin = reg.umin;
  reg.smax = reg.umax;
  if (legacy) {
    if (size < 4) combine64Into32(reg);
    return;
  }
  if (size < 4) mark32Unbounded(reg);
  regBoundsSync(reg);
}

export const isConst = (reg: RegState, is32: boolean): boolean =>
  is32 ? (reg.varOff.mask & 0xffff_ffffn) === 0n : reg.varOff.mask === 0n;

export const constValue = (reg: RegState, is32: boolean): bigint =>
  is32 ? reg.varOff.value & 0xffff_ffffn : reg.varOff.value;

export const isPointer = (reg: RegState): boolean =>
  reg.type !== RegType.SCALAR_VALUE && reg.type !== RegType.NOT_INIT;
