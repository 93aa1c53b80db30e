/**
 * Conditional-jump range logic of 5.10-6.1 (is_branch_taken against a constant, reg_set_min_max,
 * reg_combine_min_max): what the branch says about a register compared with a known value. From
 * 6.7 the kernel reasons about two registers at once (jmp.ts).
 */
import * as op from "../../isa/opcodes.js";
import {
  combine32Into64,
  combine64Into32,
  markKnown32,
  markKnownValue,
  markUnbounded,
  type RegState,
  RegType,
  regBoundsSync,
} from "./reg-state.js";
import {
  s64,
  tnumAnd,
  tnumClearSubreg,
  tnumConst,
  tnumIntersect,
  tnumOr,
  tnumSubreg,
  U64_MAX,
  u64,
} from "./tnum.js";

const s32 = (x: number): number => x | 0;

function taken64(reg: RegState, val: bigint, opcode: number): number {
  const sval = s64(val);
  const t = reg.varOff;
  switch (opcode) {
    case op.BPF_JEQ:
      return t.mask === 0n ? (t.value === val ? 1 : 0) : -1;
    case op.BPF_JNE:
      return t.mask === 0n ? (t.value !== val ? 1 : 0) : -1;
    case op.BPF_JSET:
      if ((~t.mask & t.value & val) !== 0n) return 1;
      return ((t.mask | t.value) & val) === 0n ? 0 : -1;
    case op.BPF_JGT:
      return reg.umin > val ? 1 : reg.umax <= val ? 0 : -1;
    case op.BPF_JSGT:
      return reg.smin > sval ? 1 : reg.smax <= sval ? 0 : -1;
    case op.BPF_JLT:
      return reg.umax < val ? 1 : reg.umin >= val ? 0 : -1;
    case op.BPF_JSLT:
      return reg.smax < sval ? 1 : reg.smin >= sval ? 0 : -1;
    case op.BPF_JGE:
      return reg.umin >= val ? 1 : reg.umax < val ? 0 : -1;
    case op.BPF_JSGE:
      return reg.smin >= sval ? 1 : reg.smax < sval ? 0 : -1;
    case op.BPF_JLE:
      return reg.umax <= val ? 1 : reg.umin > val ? 0 : -1;
    case op.BPF_JSLE:
      return reg.smax <= sval ? 1 : reg.smin > sval ? 0 : -1;
  }
  return -1;
}

function taken32(reg: RegState, val: number, opcode: number): number {
  const t = tnumSubreg(reg.varOff);
  const v = BigInt(val >>> 0);
  const sval = s32(val);
  const u = val >>> 0;
  switch (opcode) {
    case op.BPF_JEQ:
      return t.mask === 0n ? (t.value === v ? 1 : 0) : -1;
    case op.BPF_JNE:
      return t.mask === 0n ? (t.value !== v ? 1 : 0) : -1;
    case op.BPF_JSET:
      if ((~t.mask & t.value & v) !== 0n) return 1;
      return ((t.mask | t.value) & v) === 0n ? 0 : -1;
    case op.BPF_JGT:
      return reg.u32min > u ? 1 : reg.u32max <= u ? 0 : -1;
    case op.BPF_JSGT:
      return reg.s32min > sval ? 1 : reg.s32max <= sval ? 0 : -1;
    case op.BPF_JLT:
      return reg.u32max < u ? 1 : reg.u32min >= u ? 0 : -1;
    case op.BPF_JSLT:
      return reg.s32max < sval ? 1 : reg.s32min >= sval ? 0 : -1;
    case op.BPF_JGE:
      return reg.u32min >= u ? 1 : reg.u32max < u ? 0 : -1;
    case op.BPF_JSGE:
      return reg.s32min >= sval ? 1 : reg.s32max < sval ? 0 : -1;
    case op.BPF_JLE:
      return reg.u32max <= u ? 1 : reg.u32min > u ? 0 : -1;
    case op.BPF_JSLE:
      return reg.s32max <= sval ? 1 : reg.s32min > sval ? 0 : -1;
  }
  return -1;
}

/** is_branch_taken(reg, val) of 5.10-6.1; val is the u64 (a K operand sign-extended). */
export function branchTakenLegacy(reg: RegState, val: bigint, opcode: number, is32: boolean): number {
  if (reg.type !== RegType.SCALAR_VALUE) {
    if (reg.type !== RegType.PTR_TO_CTX && reg.type !== RegType.PTR_TO_STACK) return -1;
    if (val !== 0n) return -1;
    return opcode === op.BPF_JEQ ? 0 : opcode === op.BPF_JNE ? 1 : -1;
  }
  return is32 ? taken32(reg, Number(val & 0xffff_ffffn), opcode) : taken64(reg, val, opcode);
}

const isPow2 = (x: bigint): boolean => x !== 0n && (x & (x - 1n)) === 0n;
const maxB = (a: bigint, b: bigint): bigint => (a > b ? a : b);
const minB = (a: bigint, b: bigint): bigint => (a < b ? a : b);

/** JSET's false branch forgets the ranges before narrowing the tnum (jset_forget_ranges) */
let jsetForget = true;
export function setJsetForgetRanges(on: boolean): void {
  jsetForget = on;
}
export const jsetForgetsRanges = (): boolean => jsetForget;

/** reg_set_min_max: `reg op val` is true in trueReg's branch and false in falseReg's. */
export function setMinMaxLegacy(
  trueReg: RegState,
  falseReg: RegState,
  val: bigint,
  val32: number,
  opcode: number,
  is32: boolean,
): void {
  if (falseReg.type !== RegType.SCALAR_VALUE) return;
  let f32 = tnumSubreg(falseReg.varOff);
  let f64 = falseReg.varOff;
  let t32 = tnumSubreg(trueReg.varOff);
  let t64 = trueReg.varOff;
  const v32 = val32 >>> 0;
  const sval = s64(val);
  const sval32 = s32(val32);
  switch (opcode) {
    case op.BPF_JEQ:
      if (is32) {
        markKnown32(trueReg, v32);
        t32 = tnumSubreg(trueReg.varOff);
      } else {
        markKnownValue(trueReg, val);
        t64 = trueReg.varOff;
      }
      break;
    case op.BPF_JNE:
      if (is32) {
        markKnown32(falseReg, v32);
        f32 = tnumSubreg(falseReg.varOff);
      } else {
        markKnownValue(falseReg, val);
        f64 = falseReg.varOff;
      }
      break;
    case op.BPF_JSET:
      // "bpf: Forget ranges when refining tnum after JSET"; before, the old ranges stay beside the
      // narrowed tnum (umin=3 with var_off=(0x0; 0xfffffff8))
      if (jsetForget) markUnbounded(falseReg);
      if (is32) {
        f32 = tnumAnd(f32, tnumConst(BigInt(~v32 >>> 0)));
        if (isPow2(BigInt(v32))) t32 = tnumOr(t32, tnumConst(BigInt(v32)));
      } else {
        f64 = tnumAnd(f64, tnumConst(~val & U64_MAX));
        if (isPow2(val)) t64 = tnumOr(t64, tnumConst(val));
      }
      break;
    case op.BPF_JGE:
    case op.BPF_JGT: {
      const gt = opcode === op.BPF_JGT;
      if (is32) {
        falseReg.u32max = Math.min(falseReg.u32max, gt ? v32 : (v32 - 1) >>> 0);
        trueReg.u32min = Math.max(trueReg.u32min, gt ? (v32 + 1) >>> 0 : v32);
      } else {
        falseReg.umax = minB(falseReg.umax, gt ? val : u64(val - 1n));
        trueReg.umin = maxB(trueReg.umin, gt ? u64(val + 1n) : val);
      }
      break;
    }
    case op.BPF_JSGE:
    case op.BPF_JSGT: {
      const gt = opcode === op.BPF_JSGT;
      if (is32) {
        falseReg.s32max = Math.min(falseReg.s32max, gt ? sval32 : s32(sval32 - 1));
        trueReg.s32min = Math.max(trueReg.s32min, gt ? s32(sval32 + 1) : sval32);
      } else {
        falseReg.smax = minB(falseReg.smax, gt ? sval : s64(sval - 1n));
        trueReg.smin = maxB(trueReg.smin, gt ? s64(sval + 1n) : sval);
      }
      break;
    }
    case op.BPF_JLE:
    case op.BPF_JLT: {
      const lt = opcode === op.BPF_JLT;
      if (is32) {
        falseReg.u32min = Math.max(falseReg.u32min, lt ? v32 : (v32 + 1) >>> 0);
        trueReg.u32max = Math.min(trueReg.u32max, lt ? (v32 - 1) >>> 0 : v32);
      } else {
        falseReg.umin = maxB(falseReg.umin, lt ? val : u64(val + 1n));
        trueReg.umax = minB(trueReg.umax, lt ? u64(val - 1n) : val);
      }
      break;
    }
    case op.BPF_JSLE:
    case op.BPF_JSLT: {
      const lt = opcode === op.BPF_JSLT;
      if (is32) {
        falseReg.s32min = Math.max(falseReg.s32min, lt ? sval32 : s32(sval32 + 1));
        trueReg.s32max = Math.min(trueReg.s32max, lt ? s32(sval32 - 1) : sval32);
      } else {
        falseReg.smin = maxB(falseReg.smin, lt ? sval : s64(sval + 1n));
        trueReg.smax = minB(trueReg.smax, lt ? s64(sval - 1n) : sval);
      }
      break;
    }
    default:
      return;
  }
  if (is32) {
    falseReg.varOff = tnumOr(tnumClearSubreg(f64), tnumSubreg(f32));
    trueReg.varOff = tnumOr(tnumClearSubreg(t64), tnumSubreg(t32));
    combine32Into64(falseReg);
    combine32Into64(trueReg);
  } else {
    falseReg.varOff = f64;
    trueReg.varOff = t64;
    combine64Into32(falseReg);
    combine64Into32(trueReg);
  }
}

const FLIP: Record<number, number> = {
  [op.BPF_JEQ]: op.BPF_JEQ,
  [op.BPF_JNE]: op.BPF_JNE,
  [op.BPF_JSET]: op.BPF_JSET,
  [op.BPF_JGE]: op.BPF_JLE,
  [op.BPF_JGT]: op.BPF_JLT,
  [op.BPF_JLE]: op.BPF_JGE,
  [op.BPF_JLT]: op.BPF_JGT,
  [op.BPF_JSGE]: op.BPF_JSLE,
  [op.BPF_JSGT]: op.BPF_JSLT,
  [op.BPF_JSLE]: op.BPF_JSGE,
  [op.BPF_JSLT]: op.BPF_JSGT,
};

export function setMinMaxInvLegacy(
  trueReg: RegState,
  falseReg: RegState,
  val: bigint,
  val32: number,
  opcode: number,
  is32: boolean,
): void {
  const o = FLIP[opcode];
  if (o) setMinMaxLegacy(trueReg, falseReg, val, val32, o, is32);
}

function combine(a: RegState, b: RegState): void {
  a.umin = b.umin = maxB(a.umin, b.umin);
  a.umax = b.umax = minB(a.umax, b.umax);
  a.smin = b.smin = maxB(a.smin, b.smin);
  a.smax = b.smax = minB(a.smax, b.smax);
  a.varOff = b.varOff = tnumIntersect(a.varOff, b.varOff);
  regBoundsSync(a);
  regBoundsSync(b);
}

/** reg_combine_min_max: equal registers share what both knew. */
export function combineMinMaxLegacy(
  trueSrc: RegState,
  trueDst: RegState,
  falseSrc: RegState,
  falseDst: RegState,
  opcode: number,
): void {
  if (opcode === op.BPF_JEQ) combine(trueSrc, trueDst);
  else if (opcode === op.BPF_JNE) combine(falseSrc, falseDst);
}
