/**
 * Register-state text of the 6.18 log (kernel/bpf/log.c print_verifier_state / print_reg_state):
 * ` R1=ctx() R2=scalar(smin=0,smax=umax=0xffffffff,var_off=(0x0; 0xffffffff)) R10=fp0`.
 * Local to the verifier until lab/model/verifier/print-state.ts (per-era printing) lands.
 */

import {
  formatFuncState,
  type PrintReg,
  type PrintSlot,
  type PrintStyle,
  type RegKind,
} from "./print-state.js";
import { type RegState, RegType, S32_MAX, S32_MIN, S64_MAX, S64_MIN, U32_MAX } from "./reg-state.js";
import type { StackSlot } from "./stack-state.js";
import { s64, tnumIsUnknown, tnumToString, U64_MAX } from "./tnum.js";

const isUnumDecimal = (n: bigint): boolean => n <= 0xffffn;
const isSnumDecimal = (n: bigint): boolean => n >= -32768n && n <= 32767n;
const hexU = (n: bigint): string => `0x${n.toString(16)}`;
const unum = (n: bigint): string => (isUnumDecimal(n) ? n.toString() : hexU(n));
/** %#llx of a signed value: two's complement bits */
const snum = (n: bigint): string => (isSnumDecimal(n) ? n.toString() : hexU(BigInt.asUintN(64, n)));

interface MinMax {
  name: string;
  val: bigint;
  omit: boolean;
}

function scalarRanges(reg: RegState): string[] {
  const s32v = (x: number): bigint => (isSnumDecimal(BigInt(x)) ? BigInt(x) : BigInt(x >>> 0));
  const m: MinMax[] = [
    { name: "smin", val: BigInt.asUintN(64, reg.smin), omit: reg.smin === S64_MIN },
    { name: "smax", val: BigInt.asUintN(64, reg.smax), omit: reg.smax === S64_MAX },
    { name: "umin", val: reg.umin, omit: reg.umin === 0n },
    { name: "umax", val: reg.umax, omit: reg.umax === U64_MAX },
    { name: "smin32", val: BigInt.asUintN(64, s32v(reg.s32min)), omit: reg.s32min === S32_MIN },
    { name: "smax32", val: BigInt.asUintN(64, s32v(reg.s32max)), omit: reg.s32max === S32_MAX },
    { name: "umin32", val: BigInt(reg.u32min), omit: reg.u32min === 0 },
    { name: "umax32", val: BigInt(reg.u32max), omit: reg.u32max === U32_MAX },
  ];
  const out: string[] = [];
  for (let i = 0; i < m.length; i++) {
    const m1 = m[i]!;
    if (m1.omit) continue;
    const neg1 = m1.name[0] === "s" && s64(m1.val) < 0n;
    let text = `${m1.name}=`;
    for (let j = i + 2; j < m.length; j += 2) {
      const m2 = m[j]!;
      if (m2.omit || m2.val !== m1.val) continue;
      const neg2 = m2.name[0] === "s" && s64(m2.val) < 0n;
      if (neg2 !== neg1) continue;
      m2.omit = true;
      text += `${m2.name}=`;
    }
    text += m1.name[0] === "s" ? snum(s64(m1.val)) : unum(m1.val);
    out.push(text);
  }
  return out;
}

const TYPE_NAME: Record<RegType, string> = {
  [RegType.NOT_INIT]: "?",
  [RegType.SCALAR_VALUE]: "scalar",
  [RegType.PTR_TO_CTX]: "ctx",
  [RegType.PTR_TO_STACK]: "fp",
};

export function formatReg(reg: RegState): string {
  let out = "";
  const t = reg.type;
  if (t === RegType.SCALAR_VALUE && reg.precise) out += "P";
  if (t === RegType.SCALAR_VALUE && reg.varOff.mask === 0n) return out + snum(s64(reg.varOff.value));
  out += TYPE_NAME[t];
  if (t === RegType.PTR_TO_STACK && reg.varOff.mask === 0n)
    return out + snum(s64(reg.varOff.value + BigInt(reg.off)));
  const parts: string[] = [];
  if (reg.id) parts.push(`id=${reg.id & ~ADD_CONST}`);
  let afterId = "";
  if (reg.id & ADD_CONST) afterId = reg.off >= 0 ? `+${reg.off}` : `${reg.off}`;
  if (t !== RegType.SCALAR_VALUE && reg.off) parts.push(`off=${snum(BigInt(reg.off))}`);
  if (reg.varOff.mask === 0n) {
    if (reg.varOff.value) parts.push(`imm=${snum(s64(reg.varOff.value))}`);
  } else {
    parts.push(...scalarRanges(reg));
    if (!tnumIsUnknown(reg.varOff)) parts.push(`var_off=${tnumToString(reg.varOff)}`);
  }
  if (afterId && parts.length > 0) parts[0] += afterId;
  return `${out}(${parts.join(",")})`;
}

/** BPF_ADD_CONST64 | BPF_ADD_CONST32 (the high bits of a scalar id). */
export const ADD_CONST64 = 1 << 31;
export const ADD_CONST32 = 1 << 30;
export const ADD_CONST = ADD_CONST64 | ADD_CONST32;

/** Registers (all, or the scratched ones) as ` R1=ctx() ...` followed by a newline, in the era's style. */
export function formatState(
  regs: readonly RegState[],
  scratched: number | null,
  style?: PrintStyle,
  stack: readonly StackSlot[] = [],
  scratchedSlots: bigint | null = null,
): string {
  if (!style) {
    let out = "";
    for (let i = 0; i < regs.length; i++) {
      const reg = regs[i]!;
      if (reg.type === RegType.NOT_INIT) continue;
      if (scratched !== null && (scratched & (1 << i)) === 0) continue;
      out += ` R${i}=${formatReg(reg)}`;
    }
    return `${out}\n`;
  }
  return formatFuncState(
    {
      regs: regs.map(toPrintReg),
      scratchedRegs: scratched,
      stack: stack.map(toPrintSlot),
      scratchedSlots,
    },
    style,
  );
}

function toPrintSlot(slot: StackSlot): PrintSlot {
  const spilled =
    slot.spilled.type === RegType.NOT_INIT ? undefined : (toPrintReg(slot.spilled) ?? undefined);
  return { types: slot.typeString(), spilled, live: slot.spilled.live };
}

const KIND: Record<RegType, RegKind | null> = {
  [RegType.NOT_INIT]: null,
  [RegType.SCALAR_VALUE]: "scalar",
  [RegType.PTR_TO_CTX]: "ctx",
  [RegType.PTR_TO_STACK]: "fp",
};

export function toPrintReg(reg: RegState): PrintReg | null {
  const kind = KIND[reg.type];
  if (!kind) return null;
  return {
    kind,
    off: reg.off,
    varOff: reg.varOff,
    smin: reg.smin,
    smax: reg.smax,
    umin: reg.umin,
    umax: reg.umax,
    s32min: reg.s32min,
    s32max: reg.s32max,
    u32min: reg.u32min,
    u32max: reg.u32max,
    id: reg.id,
    frameno: reg.frameno,
    precise: reg.precise,
    live: reg.live,
  };
}
