/**
 * check_alu_op / adjust_reg_min_max_vals / adjust_scalar_min_max_vals (6.18) for scalar
 * operands: reserved-field checks, MOV (with 32-bit zero extension and scalar ids), NEG/END and
 * the two-operand ops. Pointer arithmetic is not modelled (rejected as unsupported).
 */
import type { Insn } from "../../isa/insn.js";
import * as op from "../../isa/opcodes.js";
import type { VerifierEnv } from "./env.js";
import { markChainPrecision } from "./precision.js";
import { checkRegArg, DST_OP, DST_OP_NO_MARK, SRC_OP, unsupported } from "./reg-arg.js";
import {
  coerceRegToSize,
  constValue,
  DEF_NOT_SUBREG,
  isConst,
  isPointer,
  legacyBounds,
  markKnown,
  markKnown32,
  markUnbounded,
  markUnknown,
  RegState,
  RegType,
  regBoundsSync,
  S64_MAX,
  zext32To64,
} from "./reg-state.js";
import * as sc from "./scalar-ops.js";
import { ADD_CONST, ADD_CONST32, ADD_CONST64 } from "./state-format.js";
import {
  TNUM_ZERO,
  tnumAdd,
  tnumAnd,
  tnumIsConst,
  tnumMul,
  tnumNeg,
  tnumOr,
  tnumSub,
  tnumSubregIsConst,
  tnumXor,
  U64_MAX,
} from "./tnum.js";

const ALU_NAME = ["+=", "-=", "*=", "/=", "|=", "&=", "<<=", ">>=", "neg", "%=", "^=", "=", "s>>=", "endian"];

function safeToCompute(x: Insn, src: RegState): boolean {
  const alu64 = (x.code & 7) === op.BPF_ALU64;
  const bits = alu64 ? 64n : 32n;
  const srcConst = alu64
    ? tnumIsConst(src.varOff) && src.smin === src.smax && src.umin === src.umax
    : tnumSubregIsConst(src.varOff) && src.s32min === src.s32max && src.u32min === src.u32max;
  switch (op.insnOp(x.code)) {
    case op.BPF_ADD:
    case op.BPF_SUB:
    case op.BPF_NEG:
    case op.BPF_AND:
    case op.BPF_XOR:
    case op.BPF_OR:
    case op.BPF_MUL:
    case op.BPF_END:
      return true;
    case op.BPF_LSH:
    case op.BPF_RSH:
    case op.BPF_ARSH:
      return srcConst && src.umax < bits;
    default:
      return false;
  }
}

/** maybe_fork_scalars: dst in [-1, 0] and a constant and/or operand splits the state in two. */
function maybeForkScalars(env: VerifierEnv, x: Insn, dst: RegState): void {
  let alu32: boolean;
  if (dst.smin === -1n && dst.smax === 0n) alu32 = false;
  else if (dst.s32min === -1 && dst.s32max === 0) alu32 = true;
  else return;
  const branch = pushStack(env, env.insnIdx, env.insnIdx);
  const other = branch.regs[x.dst]!;
  if (alu32) {
    markKnown32(other, 0);
    markKnown32(dst, -1);
  } else {
    markKnown(other, 0n);
    markKnown(dst, U64_MAX);
  }
}

// set by do-check.ts to avoid an import cycle
let pushStack: (env: VerifierEnv, insnIdx: number, prevInsnIdx: number) => import("./state.js").VerifierState;
export function setPushStack(fn: typeof pushStack): void {
  pushStack = fn;
}

/**
 * 5.10-6.1: a malformed or non-constant operand (except for add/sub/and) makes the result unknown at
 * once ("early"); shifts beyond the width and untracked ops make it unknown but still zero-extended
 * and synced ("late").
 */
function legacyUnknown(x: Insn, src: RegState): "early" | "late" | null {
  const alu32 = (x.code & 7) !== op.BPF_ALU64;
  const opc = op.insnOp(x.code);
  const known = alu32 ? tnumSubregIsConst(src.varOff) : tnumIsConst(src.varOff);
  const bad = alu32
    ? (known && (src.s32min !== src.s32max || src.u32min !== src.u32max)) ||
      src.s32min > src.s32max ||
      src.u32min > src.u32max
    : (known && (src.smin !== src.smax || src.umin !== src.umax)) ||
      src.smin > src.smax ||
      src.umin > src.umax;
  if (bad) return "early";
  if (!known && opc !== op.BPF_ADD && opc !== op.BPF_SUB && opc !== op.BPF_AND) return "early";
  const shift = opc === op.BPF_LSH || opc === op.BPF_RSH || opc === op.BPF_ARSH;
  if (shift && src.umax >= (alu32 ? 32n : 64n)) return "late";
  const tracked =
    shift || [op.BPF_ADD, op.BPF_SUB, op.BPF_MUL, op.BPF_AND, op.BPF_OR, op.BPF_XOR].includes(opc);
  return tracked ? null : "late";
}

export function adjustScalar(env: VerifierEnv, x: Insn, dst: RegState, src: RegState): void {
  const opc = op.insnOp(x.code);
  const alu32 = (x.code & 7) !== op.BPF_ALU64;
  const unknown = legacyBounds() && opc !== op.BPF_NEG && opc !== op.BPF_END ? legacyUnknown(x, src) : null;
  if (unknown) {
    markUnknown(dst);
    if (unknown === "early") return;
    if (alu32) zext32To64(dst);
    regBoundsSync(dst);
    return;
  }
  if (!legacyBounds() && !safeToCompute(x, src)) {
    markUnknown(dst);
    return;
  }
  switch (opc) {
    case op.BPF_ADD:
      sc.add32(dst, src);
      sc.add64(dst, src);
      dst.varOff = tnumAdd(dst.varOff, src.varOff);
      break;
    case op.BPF_SUB:
      sc.sub32(dst, src);
      sc.sub64(dst, src);
      dst.varOff = tnumSub(dst.varOff, src.varOff);
      break;
    case op.BPF_NEG: {
      const fake = dst.clone();
      markKnown(dst, 0n);
      sc.sub32(dst, fake);
      sc.sub64(dst, fake);
      dst.varOff = tnumNeg(fake.varOff);
      break;
    }
    case op.BPF_MUL:
      dst.varOff = tnumMul(dst.varOff, src.varOff);
      sc.mul32(dst, src);
      sc.mul64(dst, src);
      break;
    case op.BPF_AND:
    case op.BPF_OR:
    case op.BPF_XOR: {
      const name = opc === op.BPF_AND ? "and" : opc === op.BPF_OR ? "or" : "xor";
      if (name !== "xor" && tnumIsConst(src.varOff) && env.features.forkScalars && !legacyBounds())
        maybeForkScalars(env, x, dst);
      dst.varOff =
        name === "and"
          ? tnumAnd(dst.varOff, src.varOff)
          : name === "or"
            ? tnumOr(dst.varOff, src.varOff)
            : tnumXor(dst.varOff, src.varOff);
      // scalar*_min_max_and/or/xor ask whether dst is known AFTER its tnum took the op (every
      // version): `r6 |= 7` on r6 in [0, 7] is the known 7, whatever bounds r6 had
      sc.bitop32(name, dst, src, sc.subregKnown(src), sc.subregKnown(dst));
      sc.bitop64(name, dst, src, sc.regKnown(src), sc.regKnown(dst));
      break;
    }
    case op.BPF_LSH:
      if (alu32) sc.lsh32(dst, src);
      else sc.lsh64(dst, src);
      break;
    case op.BPF_RSH:
      if (alu32) sc.rsh32(dst, src);
      else sc.rsh64(dst, src);
      break;
    case op.BPF_ARSH:
      if (alu32) sc.arsh32(dst, src);
      else sc.arsh64(dst, src);
      break;
    case op.BPF_END:
      sc.byteSwap(dst, !alu32, op.insnSrc(x.code) === op.BPF_TO_LE, x.imm);
      break;
  }
  if (alu32 && opc !== op.BPF_END) zext32To64(dst);
  regBoundsSync(dst);
}

/** copy_register_state: the value, not the liveness links (those stay with the register). */
function copyRegister(dst: RegState, src: RegState): void {
  const { live, parent } = dst;
  dst.copyFrom(src);
  dst.live = live;
  dst.parent = parent;
}

function adjustRegMinMax(env: VerifierEnv, x: Insn): void {
  const regs = env.cur.regs;
  const dst = regs[x.dst]!;
  const alu32 = (x.code & 7) !== op.BPF_ALU64;
  const opc = op.insnOp(x.code);
  // 5.10-6.1: any ALU op on a scalar drops its id first, so find_equal_scalars never spreads the
  // result to the registers it was copied from/to (adjust_reg_min_max_vals)
  if (legacyBounds() && dst.type === RegType.SCALAR_VALUE) dst.id = 0;
  let src: RegState;
  if (op.insnSrc(x.code) === op.BPF_X) {
    src = regs[x.src]!;
    if (src.type !== RegType.SCALAR_VALUE) {
      if (dst.type !== RegType.SCALAR_VALUE) {
        if (opc === op.BPF_SUB) {
          markUnknown(dst);
          return;
        }
        env.reject("EACCES", `R${x.dst} pointer ${ALU_NAME[opc >> 4]} pointer prohibited\n`);
      }
      unsupported(env, "scalar += pointer arithmetic");
    } else if (dst.type !== RegType.SCALAR_VALUE) {
      unsupported(env, "pointer arithmetic");
    } else if (dst.precise) {
      markChainPrecision(env, x.src);
    }
  } else {
    src = new RegState();
    src.type = RegType.SCALAR_VALUE;
    markKnown(src, BigInt(x.imm));
    if (dst.type !== RegType.SCALAR_VALUE) unsupported(env, "pointer arithmetic");
  }
  const dstUmax = dst.umax;
  const srcCopy = src === dst ? src.clone() : src;
  adjustScalar(env, x, dst, srcCopy);
  if (legacyBounds()) return; // 5.10-6.1: the id was dropped above
  if (env.features.addConstLink64Only) {
    // 6.12: only `rX += K` (64-bit, K in [0, S32_MAX]) keeps a linked id with the delta
    const k = BigInt.asUintN(64, srcCopy.varOff.value);
    if (
      opc === op.BPF_ADD &&
      !alu32 &&
      dst.id &&
      isConst(srcCopy, false) &&
      !(op.insnSrc(x.code) === op.BPF_X && x.src === x.dst)
    ) {
      if (dst.id & ADD_CONST || k > 0x7fff_ffffn) {
        dst.id = 0;
        dst.off = 0;
      } else {
        dst.id = (dst.id | ADD_CONST64) >>> 0;
        dst.off = Number(k);
      }
    } else {
      dst.id = 0;
      dst.off = 0;
    }
    return;
  }
  if (
    (opc === op.BPF_ADD || opc === op.BPF_SUB) &&
    dst.id &&
    isConst(srcCopy, alu32) &&
    !(op.insnSrc(x.code) === op.BPF_X && x.src === x.dst)
  ) {
    const val = constValue(srcCopy, alu32);
    const sval = BigInt.asIntN(64, val);
    let clear = false;
    if (!alu32 && (sval < -0x8000_0000n || sval > 0x7fff_ffffn)) clear = true;
    if (alu32 && dstUmax > 0xffff_ffffn) clear = true;
    let off = Number(BigInt.asIntN(32, val));
    if (!clear && opc === op.BPF_SUB) {
      if (off === -0x8000_0000) clear = true;
      else off = -off;
    }
    if (clear || dst.id & ADD_CONST) {
      dst.off = 0;
      dst.id = 0;
    } else {
      dst.id = (dst.id | (alu32 ? ADD_CONST32 : ADD_CONST64)) >>> 0;
      dst.off = off;
    }
  } else {
    dst.id = 0;
  }
}

/** assign_scalar_id_before_mov */
export function assignScalarId(env: VerifierEnv, src: RegState): void {
  if (src.type === RegType.SCALAR_VALUE && src.id & ADD_CONST) {
    src.id = 0;
    src.off = 0;
  }
  if (src.type === RegType.SCALAR_VALUE && !src.id && !tnumIsConst(src.varOff)) src.id = ++env.idGen;
}

function checkMov(env: VerifierEnv, x: Insn): void {
  const regs = env.cur.regs;
  const alu64 = (x.code & 7) === op.BPF_ALU64;
  if (op.insnSrc(x.code) === op.BPF_X) {
    const okOff = alu64 ? [0, 8, 16, 32] : [0, 8, 16];
    if (!okOff.includes(x.off) || x.imm) env.reject("EINVAL", "BPF_MOV uses reserved fields\n");
    checkRegArg(env, x.src, SRC_OP);
  } else if (x.src !== 0 || x.off !== 0) {
    env.reject("EINVAL", "BPF_MOV uses reserved fields\n");
  }
  checkRegArg(env, x.dst, DST_OP_NO_MARK);
  const dst = regs[x.dst]!;
  if (op.insnSrc(x.code) === op.BPF_K) {
    markUnknown(dst);
    markKnown(dst, alu64 ? BigInt(x.imm) : BigInt(x.imm >>> 0));
    return;
  }
  const src = regs[x.src]!;
  if (x.off !== 0) unsupported(env, "sign-extending mov");
  if (alu64) {
    if (legacyBounds()) {
      if (src.type === RegType.SCALAR_VALUE && !src.id) src.id = ++env.idGen;
    } else assignScalarId(env, src);
    copyRegister(dst, src);
    dst.subregDef = DEF_NOT_SUBREG;
    return;
  }
  if (isPointer(src)) env.reject("EACCES", `R${x.src} partial copy of pointer\n`);
  if (src.type === RegType.SCALAR_VALUE) {
    const u32src = !legacyBounds() && src.umax <= 0xffff_ffffn;
    if (u32src) assignScalarId(env, src);
    copyRegister(dst, src);
    if (!u32src) dst.id = 0;
    dst.subregDef = env.insnIdx + 1;
  } else {
    markUnknown(dst);
  }
  zext32To64(dst);
  regBoundsSync(dst);
}

export function checkAluOp(env: VerifierEnv, x: Insn): void {
  const regs = env.cur.regs;
  const opc = op.insnOp(x.code);
  if (opc === op.BPF_END || opc === op.BPF_NEG) {
    if (opc === op.BPF_NEG) {
      if (op.insnSrc(x.code) !== op.BPF_K || x.src !== 0 || x.off !== 0 || x.imm !== 0)
        env.reject("EINVAL", "BPF_NEG uses reserved fields\n");
    } else if (
      x.src !== 0 ||
      x.off !== 0 ||
      (x.imm !== 16 && x.imm !== 32 && x.imm !== 64) ||
      ((x.code & 7) === op.BPF_ALU64 && op.insnSrc(x.code) !== op.BPF_TO_LE)
    ) {
      env.reject("EINVAL", "BPF_END uses reserved fields\n");
    }
    checkRegArg(env, x.dst, SRC_OP);
    if (isPointer(regs[x.dst]!)) env.reject("EACCES", `R${x.dst} pointer arithmetic prohibited\n`);
    if (legacyBounds() || !env.features.negEndTracking) {
      // before 6.13 neg/bswap are not tracked: the result is unknown
      checkRegArg(env, x.dst, DST_OP);
      return;
    }
    checkRegArg(env, x.dst, DST_OP_NO_MARK);
    const dst = regs[x.dst]!;
    adjustScalar(env, x, dst, dst.clone());
  } else if (opc === op.BPF_MOV) {
    checkMov(env, x);
  } else if (opc > op.BPF_END) {
    env.reject("EINVAL", `invalid BPF_ALU opcode ${(opc >> 4).toString(16)}\n`);
  } else {
    const divmod = opc === op.BPF_MOD || opc === op.BPF_DIV;
    const badOff = (x.off !== 0 && x.off !== 1) || (x.off === 1 && !divmod);
    if (op.insnSrc(x.code) === op.BPF_X) {
      if (x.imm !== 0 || badOff) env.reject("EINVAL", "BPF_ALU uses reserved fields\n");
      checkRegArg(env, x.src, SRC_OP);
    } else if (x.src !== 0 || badOff) {
      env.reject("EINVAL", "BPF_ALU uses reserved fields\n");
    }
    checkRegArg(env, x.dst, SRC_OP);
    if (divmod && op.insnSrc(x.code) === op.BPF_K && x.imm === 0) env.reject("EINVAL", "div by zero\n");
    if (
      (opc === op.BPF_LSH || opc === op.BPF_RSH || opc === op.BPF_ARSH) &&
      op.insnSrc(x.code) === op.BPF_K
    ) {
      const size = (x.code & 7) === op.BPF_ALU64 ? 64 : 32;
      if (x.imm < 0 || x.imm >= size) env.reject("EINVAL", `invalid shift ${x.imm}\n`);
    }
    checkRegArg(env, x.dst, DST_OP_NO_MARK);
    adjustRegMinMax(env, x);
  }
  sanityCheck(env, regs[x.dst]!, "alu");
}

/** Whether the low 32 bits of a u64 are zero, without a new BigInt when a double holds it exactly. */
function low32Zero(x: bigint): boolean {
  const n = Number(x);
  return n < 2 ** 53 ? n % 4294967296 === 0 : (x & 0xffff_ffffn) === 0n;
}

/** reg_bounds_sanity_check: a broken invariant is logged as a verifier bug and the bounds forgotten. */
export function sanityCheck(env: VerifierEnv, reg: RegState, ctx: string): void {
  if (env.features.sanityCheck === "none") return;
  let msg: string | null = null;
  if (reg.umin > reg.umax || reg.smin > reg.smax || reg.u32min > reg.u32max || reg.s32min > reg.s32max) {
    msg = "range bounds violation";
  } else if (reg.varOff.mask === 0n) {
    const u = reg.varOff.value;
    const s = u <= S64_MAX ? u : BigInt.asIntN(64, u);
    if (reg.umin !== u || reg.umax !== u || reg.smin !== s || reg.smax !== s)
      msg = "const tnum out of sync with range bounds";
  }
  if (!msg && low32Zero(reg.varOff.mask)) {
    const u = Number(reg.varOff.value & 0xffff_ffffn);
    if (reg.u32min !== u || reg.u32max !== u || reg.s32min !== (u | 0) || reg.s32max !== (u | 0))
      msg = "const subreg tnum out of sync with range bounds";
  }
  if (!msg) return;
  const h64 = (x: bigint): string => `0x${BigInt.asUintN(64, x).toString(16)}`;
  const h32 = (x: number): string => `0x${(x >>> 0).toString(16)}`;
  env.verbose(
    `${env.features.sanityCheck === "prefixed" ? "verifier bug: " : ""}REG INVARIANTS VIOLATION (${ctx}): ${msg} u64=[${h64(reg.umin)}, ${h64(reg.umax)}] s64=[${h64(reg.smin)}, ${h64(reg.smax)}] u32=[${h32(reg.u32min)}, ${h32(reg.u32max)}] s32=[${h32(reg.s32min)}, ${h32(reg.s32max)}] var_off=(${h64(reg.varOff.value)}, ${h64(reg.varOff.mask)})\n`,
  );
  markUnbounded(reg);
}

export { coerceRegToSize, DST_OP, TNUM_ZERO };
