/**
 * Conditional jumps (check_cond_jmp_op, 6.18): is_branch_taken on the two operands, precision for
 * a decided branch, pushing the other branch, and refining both sides (reg_set_min_max /
 * regs_refine_cond_op), with linked scalar ids synced on both sides.
 */
import type { Insn } from "../../isa/insn.js";
import * as op from "../../isa/opcodes.js";
import { sanityCheck } from "./alu.js";
import type { VerifierEnv } from "./env.js";
import {
  branchTakenLegacy,
  combineMinMaxLegacy,
  jsetForgetsRanges,
  setMinMaxInvLegacy,
  setMinMaxLegacy,
} from "./jmp-legacy.js";
import { collectLinkedRegs, linkedRegsMask, syncLinkedRegs } from "./linked-regs.js";
import { markChainPrecision } from "./precision.js";
import { printInsnState, printVerifierState } from "./print.js";
import { pushJmpHistory } from "./prune.js";
import { checkRegArg, SRC_OP, unsupported } from "./reg-arg.js";
import {
  constValue,
  isConst,
  isPointer,
  markKnown,
  markUnbounded,
  RegState,
  RegType,
  regBoundsSync,
} from "./reg-state.js";
import { pushStack } from "./stack.js";
import { STACK_SPILL } from "./stack-state.js";
import type { VerifierState } from "./state.js";
import {
  tnumAnd,
  tnumConst,
  tnumIntersect,
  tnumOr,
  tnumOverlap,
  tnumSubreg,
  tnumWithSubreg,
  U64_MAX,
} from "./tnum.js";

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
const JSET_NOT = op.BPF_JSET | op.BPF_X;
const REV: Record<number, number> = {
  [op.BPF_JEQ]: op.BPF_JNE,
  [op.BPF_JNE]: op.BPF_JEQ,
  [op.BPF_JSET]: JSET_NOT,
  [JSET_NOT]: op.BPF_JSET,
  [op.BPF_JGE]: op.BPF_JLT,
  [op.BPF_JGT]: op.BPF_JLE,
  [op.BPF_JLE]: op.BPF_JGT,
  [op.BPF_JLT]: op.BPF_JGE,
  [op.BPF_JSGE]: op.BPF_JSLT,
  [op.BPF_JSGT]: op.BPF_JSLE,
  [op.BPF_JSLE]: op.BPF_JSGT,
  [op.BPF_JSLT]: op.BPF_JSGE,
};

interface Bounds {
  umin: bigint;
  umax: bigint;
  smin: bigint;
  smax: bigint;
}

function boundsOf(r: RegState, is32: boolean): Bounds {
  if (!is32) return { umin: r.umin, umax: r.umax, smin: r.smin, smax: r.smax };
  return { umin: BigInt(r.u32min), umax: BigInt(r.u32max), smin: BigInt(r.s32min), smax: BigInt(r.s32max) };
}

function scalarBranchTaken(r1: RegState, r2: RegState, opcode: number, is32: boolean): number {
  let t1 = is32 ? tnumSubreg(r1.varOff) : r1.varOff;
  let t2 = is32 ? tnumSubreg(r2.varOff) : r2.varOff;
  const a = boundsOf(r1, is32);
  const b = boundsOf(r2, is32);
  switch (opcode) {
    case op.BPF_JEQ:
    case op.BPF_JNE: {
      const ne = opcode === op.BPF_JNE ? 1 : 0;
      if (t1.mask === 0n && t2.mask === 0n) return (t1.value === t2.value ? 1 : 0) ^ ne;
      if (!tnumOverlap(t1, t2)) return ne;
      if (a.umin > b.umax || a.umax < b.umin) return ne;
      if (a.smin > b.smax || a.smax < b.smin) return ne;
      if (!is32) {
        if (r1.u32min > r2.u32max || r1.u32max < r2.u32min) return ne;
        if (r1.s32min > r2.s32max || r1.s32max < r2.s32min) return ne;
      }
      return -1;
    }
    case op.BPF_JSET: {
      let x = r1;
      let y = r2;
      if (!isConst(y, is32)) {
        [x, y] = [y, x];
        [t1, t2] = [t2, t1];
      }
      if (!isConst(y, is32)) return -1;
      if ((~t1.mask & t1.value & t2.value) !== 0n) return 1;
      if (((t1.mask | t1.value) & t2.value) === 0n) return 0;
      return -1;
    }
    case op.BPF_JGT:
      return a.umin > b.umax ? 1 : a.umax <= b.umin ? 0 : -1;
    case op.BPF_JSGT:
      return a.smin > b.smax ? 1 : a.smax <= b.smin ? 0 : -1;
    case op.BPF_JLT:
      return a.umax < b.umin ? 1 : a.umin >= b.umax ? 0 : -1;
    case op.BPF_JSLT:
      return a.smax < b.smin ? 1 : a.smin >= b.smax ? 0 : -1;
    case op.BPF_JGE:
      return a.umin >= b.umax ? 1 : a.umax < b.umin ? 0 : -1;
    case op.BPF_JSGE:
      return a.smin >= b.smax ? 1 : a.smax < b.smin ? 0 : -1;
    case op.BPF_JLE:
      return a.umax <= b.umin ? 1 : a.umin > b.umax ? 0 : -1;
    case op.BPF_JSLE:
      return a.smax <= b.smin ? 1 : a.smin > b.smax ? 0 : -1;
  }
  return -1;
}

export function isBranchTaken(r1: RegState, r2: RegState, opcode: number, is32: boolean): number {
  if (isPointer(r1) || isPointer(r2)) {
    let p = r1;
    let s = r2;
    let o = opcode;
    if (!isConst(s, is32)) {
      o = FLIP[o]!;
      [p, s] = [s, p];
    }
    if (!isConst(s, is32)) return -1;
    // ctx and stack pointers are never NULL
    if (p.type !== RegType.PTR_TO_CTX && p.type !== RegType.PTR_TO_STACK) return -1;
    if (constValue(s, is32) !== 0n) return -1;
    return o === op.BPF_JEQ ? 0 : o === op.BPF_JNE ? 1 : -1;
  }
  return scalarBranchTaken(r1, r2, opcode, is32);
}

const maxB = (a: bigint, b: bigint): bigint => (a > b ? a : b);
const minB = (a: bigint, b: bigint): bigint => (a < b ? a : b);

function refine(reg1: RegState, reg2: RegState, opcode: number, is32: boolean): void {
  let r1 = reg1;
  let r2 = reg2;
  let o = opcode;
  if (o === op.BPF_JGE || o === op.BPF_JGT || o === op.BPF_JSGE || o === op.BPF_JSGT) {
    o = FLIP[o]!;
    [r1, r2] = [r2, r1];
  }
  switch (o) {
    case op.BPF_JEQ:
      if (is32) {
        r1.u32min = Math.max(r1.u32min, r2.u32min);
        r1.u32max = Math.min(r1.u32max, r2.u32max);
        r1.s32min = Math.max(r1.s32min, r2.s32min);
        r1.s32max = Math.min(r1.s32max, r2.s32max);
        r2.u32min = r1.u32min;
        r2.u32max = r1.u32max;
        r2.s32min = r1.s32min;
        r2.s32max = r1.s32max;
        const t = tnumIntersect(tnumSubreg(r1.varOff), tnumSubreg(r2.varOff));
        r1.varOff = tnumWithSubreg(r1.varOff, t);
        r2.varOff = tnumWithSubreg(r2.varOff, t);
      } else {
        r1.umin = maxB(r1.umin, r2.umin);
        r1.umax = minB(r1.umax, r2.umax);
        r1.smin = maxB(r1.smin, r2.smin);
        r1.smax = minB(r1.smax, r2.smax);
        r2.umin = r1.umin;
        r2.umax = r1.umax;
        r2.smin = r1.smin;
        r2.smax = r1.smax;
        r1.varOff = tnumIntersect(r1.varOff, r2.varOff);
        r2.varOff = r1.varOff;
      }
      return;
    case op.BPF_JNE: {
      if (!isConst(r2, is32)) [r1, r2] = [r2, r1];
      if (!isConst(r2, is32)) return;
      const val = constValue(r2, is32);
      if (is32) {
        const v = Number(val);
        if (r1.u32min === v) r1.u32min++;
        if (r1.u32max === v) r1.u32max--;
        if (r1.s32min === (v | 0)) r1.s32min++;
        if (r1.s32max === (v | 0)) r1.s32max--;
      } else {
        if (r1.umin === val) r1.umin++;
        if (r1.umax === val) r1.umax--;
        const sv = BigInt.asIntN(64, val);
        if (r1.smin === sv) r1.smin++;
        if (r1.smax === sv) r1.smax--;
      }
      return;
    }
    case op.BPF_JSET:
    case JSET_NOT: {
      if (!isConst(r2, is32)) [r1, r2] = [r2, r1];
      if (!isConst(r2, is32)) return;
      const val = constValue(r2, is32);
      if (o === op.BPF_JSET) {
        if (val === 0n || (val & (val - 1n)) !== 0n) return;
        if (is32) r1.varOff = tnumWithSubreg(r1.varOff, tnumOr(tnumSubreg(r1.varOff), tnumConst(val)));
        else r1.varOff = tnumOr(r1.varOff, tnumConst(val));
      } else {
        if (jsetForgetsRanges()) markUnbounded(r1);
        const notVal = ~val & U64_MAX;
        if (is32) r1.varOff = tnumWithSubreg(r1.varOff, tnumAnd(tnumSubreg(r1.varOff), tnumConst(notVal)));
        else r1.varOff = tnumAnd(r1.varOff, tnumConst(notVal));
      }
      return;
    }
    case op.BPF_JLE:
      if (is32) {
        r1.u32max = Math.min(r1.u32max, r2.u32max);
        r2.u32min = Math.max(r1.u32min, r2.u32min);
      } else {
        r1.umax = minB(r1.umax, r2.umax);
        r2.umin = maxB(r1.umin, r2.umin);
      }
      return;
    case op.BPF_JLT:
      if (is32) {
        r1.u32max = Math.min(r1.u32max, (r2.u32max - 1) >>> 0);
        r2.u32min = Math.max((r1.u32min + 1) >>> 0, r2.u32min);
      } else {
        r1.umax = minB(r1.umax, (r2.umax - 1n) & U64_MAX);
        r2.umin = maxB((r1.umin + 1n) & U64_MAX, r2.umin);
      }
      return;
    case op.BPF_JSLE:
      if (is32) {
        r1.s32max = Math.min(r1.s32max, r2.s32max);
        r2.s32min = Math.max(r1.s32min, r2.s32min);
      } else {
        r1.smax = minB(r1.smax, r2.smax);
        r2.smin = maxB(r1.smin, r2.smin);
      }
      return;
    case op.BPF_JSLT:
      if (is32) {
        r1.s32max = Math.min(r1.s32max, (r2.s32max - 1) | 0);
        r2.s32min = Math.max((r1.s32min + 1) | 0, r2.s32min);
      } else {
        r1.smax = minB(r1.smax, BigInt.asIntN(64, r2.smax - 1n));
        r2.smin = maxB(BigInt.asIntN(64, r1.smin + 1n), r2.smin);
      }
      return;
  }
}

function regSetMinMax(
  env: VerifierEnv,
  t1: RegState,
  t2: RegState,
  f1: RegState,
  f2: RegState,
  opcode: number,
  is32: boolean,
): void {
  if (f1.type !== RegType.SCALAR_VALUE || f2.type !== RegType.SCALAR_VALUE) return;
  refine(f1, f2, REV[opcode]!, is32);
  regBoundsSync(f1);
  regBoundsSync(f2);
  refine(t1, t2, opcode, is32);
  regBoundsSync(t1);
  regBoundsSync(t2);
  sanityCheck(env, t1, "true_reg1");
  sanityCheck(env, t2, "true_reg2");
  sanityCheck(env, f1, "false_reg1");
  sanityCheck(env, f2, "false_reg2");
}

/**
 * find_equal_scalars of 5.10-6.1: every scalar with the same id takes the known register's state
 * (keeping its own subreg_def since "sync_linked_regs() must preserve subreg_def").
 */
function findEqualScalars(env: VerifierEnv, st: VerifierState, known: RegState): void {
  for (let i = 0; i < 11; i++) {
    const reg = st.regs[i]!;
    if (reg.type !== RegType.SCALAR_VALUE || reg.id !== known.id || reg === known) continue;
    const def = reg.subregDef;
    const { live, parent } = reg;
    reg.copyFrom(known);
    if (env.features.linkedKeepSubregDef) reg.subregDef = def;
    reg.live = live;
    reg.parent = parent;
  }
  for (const slot of st.stack) {
    // bpf_for_each_spilled_reg: slot_type[0] is STACK_SPILL (a full 8-byte spill)
    if (slot.types[0] !== STACK_SPILL) continue;
    const reg = slot.spilled;
    if (reg.type !== RegType.SCALAR_VALUE || reg.id !== known.id) continue;
    const { subregDef, live, parent } = reg;
    reg.copyFrom(known);
    reg.subregDef = subregDef;
    reg.live = live;
    reg.parent = parent;
  }
}

function condJmpLegacy(env: VerifierEnv, x: Insn, dst: RegState, src: RegState | null, is32: boolean): void {
  const thisBranch = env.cur;
  const opcode = op.insnOp(x.code);
  let pred = -1;
  if (!src) pred = branchTakenLegacy(dst, BigInt.asUintN(64, BigInt(x.imm)), opcode, is32);
  else if (src.type === RegType.SCALAR_VALUE && is32 && (src.varOff.mask & 0xffff_ffffn) === 0n)
    pred = branchTakenLegacy(dst, src.varOff.value & 0xffff_ffffn, opcode, is32);
  else if (src.type === RegType.SCALAR_VALUE && !is32 && src.varOff.mask === 0n)
    pred = branchTakenLegacy(dst, src.varOff.value, opcode, is32);
  if (pred >= 0) {
    if (!isPointer(dst)) markChainPrecision(env, x.dst);
    if (src && !isPointer(src)) markChainPrecision(env, x.src);
  }
  const aligned = env.features.alignedInsnState;
  if (pred === 1) {
    if (env.level1 && aligned) printInsnState(env, thisBranch);
    env.insnIdx += x.off;
    return;
  }
  if (pred === 0) {
    if (env.level1 && aligned) printInsnState(env, thisBranch);
    return;
  }
  const other = pushStack(env, env.insnIdx + x.off + 1, env.insnIdx);
  const oregs = other.regs;
  if (src) {
    if (dst.type === RegType.SCALAR_VALUE && src.type === RegType.SCALAR_VALUE) {
      if (src.varOff.mask === 0n || (is32 && (src.varOff.mask & 0xffff_ffffn) === 0n))
        setMinMaxLegacy(
          oregs[x.dst]!,
          dst,
          src.varOff.value,
          Number(src.varOff.value & 0xffff_ffffn),
          opcode,
          is32,
        );
      else if (dst.varOff.mask === 0n || (is32 && (dst.varOff.mask & 0xffff_ffffn) === 0n))
        setMinMaxInvLegacy(
          oregs[x.src]!,
          src,
          dst.varOff.value,
          Number(dst.varOff.value & 0xffff_ffffn),
          opcode,
          is32,
        );
      else if (!is32 && (opcode === op.BPF_JEQ || opcode === op.BPF_JNE))
        combineMinMaxLegacy(oregs[x.src]!, oregs[x.dst]!, src, dst, opcode);
      if (src.id) {
        findEqualScalars(env, thisBranch, src);
        findEqualScalars(env, other, oregs[x.src]!);
      }
    }
  } else if (dst.type === RegType.SCALAR_VALUE) {
    setMinMaxLegacy(oregs[x.dst]!, dst, BigInt.asUintN(64, BigInt(x.imm)), x.imm >>> 0, opcode, is32);
  }
  if (dst.type === RegType.SCALAR_VALUE && dst.id) {
    findEqualScalars(env, thisBranch, dst);
    findEqualScalars(env, other, oregs[x.dst]!);
  }
  if (isPointer(dst)) env.reject("EACCES", `R${x.dst} pointer comparison prohibited\n`);
  if (env.level1) {
    if (aligned) printInsnState(env, thisBranch);
    else printVerifierState(env, thisBranch, true);
  }
}

export function checkCondJmpOp(env: VerifierEnv, x: Insn): void {
  const thisBranch = env.cur;
  const regs = thisBranch.regs;
  const opcode = op.insnOp(x.code);
  if (opcode === op.BPF_JA || opcode > op.BPF_JCOND)
    env.reject("EINVAL", `invalid BPF_JMP/JMP32 opcode ${(opcode >> 4).toString(16)}\n`);
  if (opcode === op.BPF_JCOND) unsupported(env, "may_goto");
  // 6.0+ check the destination first; 5.10/5.15 the reserved fields and the source, then the destination
  const dstFirst = env.features.jmpCheckDstFirst;
  if (dstFirst) checkRegArg(env, x.dst, SRC_OP);
  const dst = regs[x.dst]!;
  let src: RegState;
  const isX = op.insnSrc(x.code) === op.BPF_X;
  if (isX) {
    if (x.imm !== 0) env.reject("EINVAL", "BPF_JMP/JMP32 uses reserved fields\n");
    checkRegArg(env, x.src, SRC_OP);
    src = regs[x.src]!;
    if (isPointer(src)) env.reject("EACCES", `R${x.src} pointer comparison prohibited\n`);
  } else {
    if (x.src !== 0) env.reject("EINVAL", "BPF_JMP/JMP32 uses reserved fields\n");
    src = new RegState();
    src.type = RegType.SCALAR_VALUE;
    markKnown(src, BigInt(x.imm));
  }
  if (!dstFirst) checkRegArg(env, x.dst, SRC_OP);
  const is32 = (x.code & 7) === op.BPF_JMP32;
  if (env.features.legacyBounds) {
    condJmpLegacy(env, x, dst, isX ? src : null, is32);
    return;
  }
  const pred = isBranchTaken(dst, src, opcode, is32);
  const linked: number[] = [];
  if (pred < 0 || env.features.linkedRegsScratch) {
    // 6.12-6.18 collect only for an undecided branch; 7.x before deciding (ids over the limit drop either way)
    if (isX && src.type === RegType.SCALAR_VALUE && src.id)
      collectLinkedRegs(env, thisBranch, src.id, linked);
    if (dst.type === RegType.SCALAR_VALUE && dst.id) collectLinkedRegs(env, thisBranch, dst.id, linked);
  }
  if (pred >= 0) {
    if (!isPointer(dst)) markChainPrecision(env, x.dst);
    if (isX && !isPointer(src)) markChainPrecision(env, x.src);
  }
  if (pred === 1) {
    if (env.level1) printInsnState(env, thisBranch);
    env.insnIdx += x.off;
    return;
  }
  if (pred === 0) {
    if (env.level1) printInsnState(env, thisBranch);
    return;
  }
  if (linked.length > 1 && env.features.linkedRegsHistory)
    pushJmpHistory(env, thisBranch, 0, linkedRegsMask(linked));
  const other = pushStack(env, env.insnIdx + x.off + 1, env.insnIdx);
  const oregs = other.regs;
  if (isX) {
    regSetMinMax(env, oregs[x.dst]!, oregs[x.src]!, dst, src, opcode, is32);
  } else {
    const fake0 = src;
    const fake1 = src.clone();
    regSetMinMax(env, oregs[x.dst]!, fake0, dst, fake1, opcode, is32);
  }
  if (isX && src.type === RegType.SCALAR_VALUE && src.id) {
    syncLinkedRegs(env, thisBranch, src, linked);
    syncLinkedRegs(env, other, oregs[x.src]!, linked);
  }
  if (dst.type === RegType.SCALAR_VALUE && dst.id) {
    syncLinkedRegs(env, thisBranch, dst, linked);
    syncLinkedRegs(env, other, oregs[x.dst]!, linked);
  }
  if (isPointer(dst)) env.reject("EACCES", `R${x.dst} pointer comparison prohibited\n`);
  if (env.level1) printInsnState(env, thisBranch);
}
