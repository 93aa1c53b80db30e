/**
 * Linked scalar registers at conditional jumps (6.10+ collect_linked_regs / sync_linked_regs /
 * bt_sync_linked_regs): the registers that share the compared register's id (after `r7 = r2`, or
 * `r7 += K` with the delta in `off`) are collected once per jump, take the refined range on both
 * branches, and are recorded in the jump history so that precision backtracking marks them all
 * precise together. Spilled scalars take part as entries SLOT_BASE + spi (bit 16 + spi in the
 * history mask).
 */
import type { VerifierEnv } from "./env.js";
import { type RegState, RegType, regBoundsSync, zext32To64 } from "./reg-state.js";
import { add32, add64 } from "./scalar-ops.js";
import { isSpilledReg } from "./stack-state.js";
import type { JmpHistoryEntry, VerifierState } from "./state.js";
import { ADD_CONST, ADD_CONST32 } from "./state-format.js";
import { tnumAdd, tnumConst } from "./tnum.js";

/** LINKED_REGS_MAX: entries one jump records; further registers with the id lose it. */
const LINKED_REGS_MAX = 6;
/** entry numbers of stack slots: SLOT_BASE + spi */
export const SLOT_BASE = 100;
const SLOT_BIT = 16;

const entryReg = (st: VerifierState, e: number): RegState =>
  e >= SLOT_BASE ? st.stack[e - SLOT_BASE]!.spilled : st.regs[e]!;

/**
 * collect_linked_regs for one id, appended to `out` (register numbers, in the kernel's order:
 * r0..r9; a register can appear twice when src and dst share an id). Registers beyond the
 * limit lose their id, as clear_scalar_id does.
 */
export function collectLinkedRegs(env: VerifierEnv, st: VerifierState, id: number, out: number[]): void {
  const base = (id & ~ADD_CONST) >>> 0;
  const live = env.features.linkedRegsLiveOnly ? env.aux.liveRegsBefore[env.insnIdx]! : 0x3ff;
  for (let i = 0; i < 10; i++) {
    if (!(live & (1 << i))) continue;
    const reg = st.regs[i]!;
    if (reg.type !== RegType.SCALAR_VALUE || (reg.id & ~ADD_CONST) >>> 0 !== base) continue;
    if (out.length < LINKED_REGS_MAX) out.push(i);
    else {
      reg.id = 0;
      reg.off = 0;
    }
  }
  for (let j = 0; j < st.stack.length; j++) {
    if (!isSpilledReg(st.stack[j]!)) continue;
    const reg = st.stack[j]!.spilled;
    if (reg.type !== RegType.SCALAR_VALUE || (reg.id & ~ADD_CONST) >>> 0 !== base) continue;
    if (out.length < LINKED_REGS_MAX) out.push(SLOT_BASE + j);
    else {
      reg.id = 0;
      reg.off = 0;
    }
  }
}

/** The register mask a jump-history entry keeps (linked_regs_pack: only membership matters here). */
export function linkedRegsMask(entries: readonly number[]): bigint {
  let m = 0n;
  for (const r of entries) m |= 1n << BigInt(r >= SLOT_BASE ? r - SLOT_BASE + SLOT_BIT : r);
  return m;
}

/** sync_linked_regs: every collected register with known's id takes known's range (plus its delta). */
export function syncLinkedRegs(
  env: VerifierEnv,
  st: VerifierState,
  known: RegState,
  entries: readonly number[],
): void {
  for (const i of entries) {
    const reg = entryReg(st, i);
    if (reg.type !== RegType.SCALAR_VALUE || reg === known) continue;
    if ((reg.id & ~ADD_CONST) >>> 0 !== (known.id & ~ADD_CONST) >>> 0) continue;
    if (((reg.id ^ known.id) & ADD_CONST) >>> 0 === ADD_CONST >>> 0) continue;
    const { subregDef, live, parent } = reg;
    if ((!(reg.id & ADD_CONST) && !(known.id & ADD_CONST)) || reg.off === known.off) {
      reg.copyFrom(known);
    } else {
      const { off, id } = reg;
      const delta = BigInt(off) - BigInt(known.off);
      reg.copyFrom(known);
      reg.off = off;
      reg.id = id;
      addConst(reg, delta);
      if (env.features.linkedRegsDeltaSync) {
        if ((reg.id | known.id) & ADD_CONST32) zext32To64(reg);
        regBoundsSync(reg);
      }
    }
    if (env.features.linkedKeepSubregDef) reg.subregDef = subregDef;
    reg.live = live;
    reg.parent = parent;
    if (env.features.linkedRegsScratch) {
      if (i < SLOT_BASE) env.markRegScratched(i);
      else env.scratchedSlots |= 1n << BigInt(i - SLOT_BASE);
    }
  }
}

/** reg += delta on a scalar (scalar32_min_max_add, scalar_min_max_add, tnum_add with a known value). */
function addConst(reg: RegState, delta: bigint): void {
  const fake = reg.clone();
  fake.type = RegType.SCALAR_VALUE;
  const v = BigInt.asUintN(64, delta);
  fake.varOff = tnumConst(v);
  fake.smin = fake.smax = BigInt.asIntN(64, v);
  fake.umin = fake.umax = v;
  const lo = Number(v & 0xffff_ffffn);
  fake.u32min = fake.u32max = lo;
  fake.s32min = fake.s32max = lo | 0;
  add32(reg, fake);
  add64(reg, fake);
  reg.varOff = tnumAdd(reg.varOff, fake.varOff);
}

/** bt_sync_linked_regs: when one register of the entry needs precision, all of them do. */
export function btSyncLinkedRegs(bt: { regs: number; stack?: bigint }, hist: JmpHistoryEntry | null): void {
  if (!hist || hist.linkedRegs === 0n) return;
  const mask = Number(hist.linkedRegs & 0xffffn);
  const slots = hist.linkedRegs >> BigInt(SLOT_BIT);
  if (!(bt.regs & mask) && !((bt.stack ?? 0n) & slots)) return;
  bt.regs |= mask;
  if (slots) bt.stack = (bt.stack ?? 0n) | slots;
}
