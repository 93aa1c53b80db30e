/**
 * Stack memory at constant offsets from r10 (check_mem_access for PTR_TO_STACK): strict
 * alignment, the bounds of the 512-byte stack (check_stack_access_within_bounds), growth of the
 * allocated stack, spills and fills (check_stack_write_fixed_off / check_stack_read_fixed_off),
 * STACK_MISC and STACK_ZERO bytes, and read marks on slots. Eras come from the profile:
 * `stackSpillAnyScalar` (6.8+ spill rules, narrow fills, history flags), `stackZeroImprecise`,
 * `stackReadAnyDepth` (reads down to -512 grow the stack), `stackReadScratch`.
 */
import { assignScalarId } from "./alu.js";
import type { VerifierEnv } from "./env.js";
import { markRegRead, REG_LIVE_READ64, REG_LIVE_WRITTEN } from "./liveness.js";
import { markChainPrecision } from "./precision.js";
import { tnumString } from "./print-state.js";
import { pushJmpHistory } from "./prune.js";
import { unsupported } from "./reg-arg.js";
import { coerceRegToSize, markKnown, markUnknown, RegState, RegType } from "./reg-state.js";
import {
  BPF_REG_SIZE,
  isSpilledReg,
  MAX_BPF_STACK,
  STACK_INVALID,
  STACK_MISC,
  STACK_SPILL,
  STACK_ZERO,
  StackSlot,
} from "./stack-state.js";

/** INSN_F_STACK_ACCESS | spi << INSN_F_SPI_SHIFT (frame 0) in a jump-history entry */
export const INSN_F_STACK_ACCESS = 1 << 3;
const INSN_F_SPI_SHIFT = 4;
export const stackAccessFlags = (spi: number): number => INSN_F_STACK_ACCESS | (spi << INSN_F_SPI_SHIFT);
export const stackAccessSpi = (flags: number): number => (flags >> INSN_F_SPI_SHIFT) & 63;

const fls64 = (x: bigint): number => (x === 0n ? 0 : x.toString(2).length);

function growStack(env: VerifierEnv, size: number): void {
  const st = env.cur.stack;
  const n = Math.ceil(size / BPF_REG_SIZE);
  while (st.length < n) {
    const slot = new StackSlot();
    st.push(slot);
  }
  if (env.stackDepth < n * BPF_REG_SIZE) env.stackDepth = n * BPF_REG_SIZE;
}

function markSlotScratched(env: VerifierEnv, spi: number): void {
  env.scratchedSlots |= 1n << BigInt(spi);
}

/** The stack part of check_mem_access: r10 + off, `size` bytes; valueRegno -1 for BPF_ST. */
export function checkStackAccess(
  env: VerifierEnv,
  regno: number,
  off: number,
  size: number,
  write: boolean,
  valueRegno: number,
): void {
  // 7.x replaced 6.18's liveness.c (half-slot masks); its stack liveness is not modelled
  if (!env.features.readMarks && !env.features.stackLivenessPass)
    unsupported(env, "stack liveness after 6.18");
  const reg = env.cur.regs[regno]!;
  if (reg.varOff.mask !== 0n) unsupported(env, "variable-offset stack access");
  if (size !== 1 && (Number(reg.varOff.value) + reg.off + off) % size !== 0) {
    const t = tnumString(reg.varOff, env.features.printStyle);
    env.reject("EACCES", `misaligned stack access off ${t}+${reg.off}+${off} size ${size}\n`);
  }
  const o = off + reg.off;
  const minOff = Number(reg.varOff.value) + o;
  const maxOff = minOff + size;
  const readAnyDepth = env.features.stackReadAnyDepth;
  const minValid = write || readAnyDepth ? -MAX_BPF_STACK : -env.cur.stack.length * BPF_REG_SIZE;
  const errno: string | null = minOff < minValid || minOff > -1 ? "EACCES" : maxOff > 0 ? "EINVAL" : null;
  if (errno) {
    const what = write ? " write to" : " read from";
    env.reject(errno, `invalid${what} stack R${regno} off=${o} size=${size}\n`);
  }
  if (readAnyDepth || write) growStack(env, -minOff);
  if (write) writeFixedOff(env, minOff, size, valueRegno);
  else readFixedOff(env, minOff, size, valueRegno);
}

/** save_register_state */
function saveRegisterState(slot: StackSlot, reg: RegState, size: number): void {
  const { live, parent } = slot.spilled;
  slot.spilled.copyFrom(reg);
  slot.spilled.live = live;
  slot.spilled.parent = parent;
  if (size === BPF_REG_SIZE) slot.spilled.live |= REG_LIVE_WRITTEN;
  let i = BPF_REG_SIZE;
  for (; i > BPF_REG_SIZE - size; i--) slot.types[i - 1] = STACK_SPILL;
  for (; i; i--) {
    const t = slot.types[i - 1]!;
    // 6.8+ mark_stack_slot_misc keeps ZERO and INVALID; before, scrub_spilled_slot keeps INVALID only
    if (t === STACK_INVALID) continue;
    if (t === STACK_ZERO && saveKeepsZero) continue;
    slot.types[i - 1] = STACK_MISC;
  }
}
let saveKeepsZero = true;

const isNull = (reg: RegState): boolean =>
  reg.type === RegType.SCALAR_VALUE && reg.varOff.mask === 0n && reg.varOff.value === 0n;
const isUnbounded = (r: RegState): boolean =>
  r.varOff.mask === (1n << 64n) - 1n &&
  r.smin === -(1n << 63n) &&
  r.smax === (1n << 63n) - 1n &&
  r.umin === 0n &&
  r.umax === (1n << 64n) - 1n &&
  r.s32min === -0x8000_0000 &&
  r.s32max === 0x7fff_ffff &&
  r.u32min === 0 &&
  r.u32max === 0xffff_ffff;

function writeFixedOff(env: VerifierEnv, off: number, size: number, valueRegno: number): void {
  const slotIdx = -off - 1;
  const spi = Math.floor(slotIdx / BPF_REG_SIZE);
  const slot = env.cur.stack[spi]!;
  const x = env.insns[env.insnIdx]!;
  const isSt = (x.code & 7) === 2; // BPF_ST
  const reg = valueRegno >= 0 ? env.cur.regs[valueRegno]! : null;
  const v2 = env.features.stackSpillAnyScalar;
  saveKeepsZero = v2;
  if (off % BPF_REG_SIZE === 0 && size === BPF_REG_SIZE) env.stackLive?.markWrite(spi);
  markSlotScratched(env, spi);
  let flags = v2 ? stackAccessFlags(spi) : 0;
  const aligned = off % BPF_REG_SIZE === 0;
  if (reg && reg.type !== RegType.SCALAR_VALUE) unsupported(env, "pointer spills");
  if (reg && aligned && (v2 || (!isUnbounded(reg) && !isNull(reg)))) {
    const fits = fls64(reg.umax) <= 8 * size;
    if (v2 && fits) assignScalarId(env, reg);
    saveRegisterState(slot, reg, size);
    if (!fits) slot.spilled.id = 0;
  } else if (!reg && aligned && isSt && (v2 || x.imm !== 0)) {
    const tmp = new RegState();
    markUnknown(tmp);
    markKnown(tmp, BigInt(x.imm));
    tmp.type = RegType.SCALAR_VALUE;
    saveRegisterState(slot, tmp, size);
  } else {
    slot.spilled.type = RegType.NOT_INIT;
    if (isSpilledReg(slot))
      for (let i = 0; i < 8; i++) if (slot.types[i] !== STACK_INVALID) slot.types[i] = STACK_MISC;
    if (size === BPF_REG_SIZE) slot.spilled.live |= REG_LIVE_WRITTEN;
    let type = STACK_MISC;
    if ((reg && isNull(reg)) || (!reg && isSt && x.imm === 0)) {
      if (valueRegno >= 0) markChainPrecision(env, valueRegno);
      type = STACK_ZERO;
    }
    for (let i = 0; i < size; i++) slot.types[(slotIdx - i) % BPF_REG_SIZE] = type;
    flags = 0;
  }
  if (flags) pushJmpHistory(env, env.cur, flags);
}

function invalidRead(env: VerifierEnv, off: number, i: number, size: number): never {
  env.reject("EACCES", `invalid read from stack off ${off}+${i} size ${size}\n`);
}

function readFixedOff(env: VerifierEnv, off: number, size: number, dstRegno: number): void {
  const slotIdx = -off - 1;
  const spi = Math.floor(slotIdx / BPF_REG_SIZE);
  const slot = env.cur.stack[spi]!;
  const types = slot.types;
  const spilled = slot.spilled;
  const dst = env.cur.regs[dstRegno]!;
  const v2 = env.features.stackSpillAnyScalar;
  const readMarks = env.features.readMarks;
  let flags = v2 ? stackAccessFlags(spi) : 0;
  if (env.features.stackReadScratch) markSlotScratched(env, spi);
  env.stackLive?.markRead(env.insnIdx, spi);
  if (isSpilledReg(slot)) {
    let spillSize = 1;
    for (let i = BPF_REG_SIZE - 1; i > 0 && types[i - 1] === STACK_SPILL; i--) spillSize++;
    if (size !== BPF_REG_SIZE || spillSize !== BPF_REG_SIZE) {
      if (spilled.type !== RegType.SCALAR_VALUE) unsupported(env, "pointer fills");
      if (readMarks) markRegRead(env, spilled, spilled.parent, REG_LIVE_READ64);
      const narrowOk = v2
        ? size <= spillSize && off % BPF_REG_SIZE === 0
        : off % BPF_REG_SIZE === 0 && size === spillSize;
      if (narrowOk) {
        const subregDef = dst.subregDef;
        copyKeepLive(dst, spilled);
        dst.subregDef = subregDef;
        if (v2 && fls64(spilled.umax) > size * 8) {
          dst.id = 0;
          dst.off = 0;
        }
      } else {
        let spillCnt = 0;
        let zeroCnt = 0;
        for (let i = 0; i < size; i++) {
          const t = types[(slotIdx - i) % BPF_REG_SIZE]!;
          if (t === STACK_SPILL) spillCnt++;
          else if (t === STACK_ZERO && v2) zeroCnt++;
          else if (t === STACK_MISC || t === STACK_INVALID) continue;
          else invalidRead(env, off, i, size);
        }
        if (v2 && spillCnt === size && spilled.varOff.mask === 0n && spilled.varOff.value === 0n) {
          markConstZero(env, dst);
        } else if (v2 && zeroCnt === size) {
          markConstZero(env, dst);
          flags = 0;
        } else {
          markUnknown(dst);
          flags = 0;
        }
      }
      if (readMarks) dst.live |= REG_LIVE_WRITTEN;
    } else {
      copyKeepLive(dst, spilled);
      if (readMarks) {
        dst.live |= REG_LIVE_WRITTEN;
        markRegRead(env, spilled, spilled.parent, REG_LIVE_READ64);
      }
    }
  } else {
    if (readMarks) markRegRead(env, spilled, spilled.parent, REG_LIVE_READ64);
    let zeros = 0;
    for (let i = off; i < off + size; i++) {
      const s = -i - 1;
      if (env.features.stackReadScratch) markSlotScratched(env, Math.floor(s / BPF_REG_SIZE));
      if (env.cur.stack[Math.floor(s / BPF_REG_SIZE)]!.types[s % BPF_REG_SIZE] !== STACK_ZERO) break;
      zeros++;
    }
    if (zeros === size) {
      markConstZero(env, dst);
      if (!env.features.stackZeroImprecise) dst.precise = true;
    } else markUnknown(dst);
    if (readMarks) dst.live |= REG_LIVE_WRITTEN;
    flags = 0;
  }
  if (size < BPF_REG_SIZE && dst.type === RegType.SCALAR_VALUE) coerceRegToSize(dst, size);
  if (flags) pushJmpHistory(env, env.cur, flags);
}

function copyKeepLive(dst: RegState, src: RegState): void {
  const { live, parent } = dst;
  dst.copyFrom(src);
  dst.live = live;
  dst.parent = parent;
}

/** __mark_reg_const_zero (privileged: imprecise) */
function markConstZero(env: VerifierEnv, reg: RegState): void {
  void env;
  markUnknown(reg);
  markKnown(reg, 0n);
}
