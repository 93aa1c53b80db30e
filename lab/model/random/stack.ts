/**
 * Stack instructions for `randomProgram(seed, { stack: true })`: spills of scalars (8-byte aligned
 * STX), narrower register stores, stores of immediates (zero among them) of every size, and
 * loads of every size, all at constant offsets from r10 within the 64 bytes below the frame
 * pointer. Loads mostly read bytes some earlier store in the program text wrote (a path that
 * jumps over that store reads uninitialized stack); a few read anywhere, and a few accesses are
 * misaligned or out of bounds, for the verifier's rejections.
 */
import { type Insn, insn } from "../../isa/insn.js";
import * as op from "../../isa/opcodes.js";
import type { Rng } from "./rng.js";

const BYTES: Record<number, number> = { [op.BPF_DW]: 8, [op.BPF_W]: 4, [op.BPF_H]: 2, [op.BPF_B]: 1 };
const SCALARS = [2, 3, 4, 5, 6, 7, 8, 9] as const;
const IMMS = [0, 0, 0, 1, 2, 7, 255, 0x7fff_ffff, -1, -0x8000_0000, 0xffff];
const DEPTH = 64;

function pickSize(rng: Rng): number {
  const r = rng.next();
  return r < 0.55 ? op.BPF_DW : r < 0.8 ? op.BPF_W : r < 0.9 ? op.BPF_H : op.BPF_B;
}

/** An aligned offset for an access of `bytes` bytes, in [-DEPTH, -bytes]. */
function alignedOff(rng: Rng, bytes: number): number {
  return -bytes * (1 + rng.int(DEPTH / bytes));
}

function oddOff(rng: Rng, bytes: number): number {
  const r = rng.next();
  if (r < 0.4) return alignedOff(rng, bytes) + 1 + rng.int(Math.max(1, bytes - 1)); // misaligned
  if (r < 0.7) return rng.pick([-520, -513, -512 - bytes]); // below the 512-byte stack
  return rng.pick([0, 8, -bytes + 8]); // at or above the frame pointer
}

function markWritten(written: Set<number>, off: number, bytes: number): void {
  for (let i = 0; i < bytes; i++) written.add(off + i);
}

function storeInsn(rng: Rng, written: Set<number>): Insn {
  const size = pickSize(rng);
  const bytes = BYTES[size]!;
  const off = rng.chance(0.007) ? oddOff(rng, bytes) : alignedOff(rng, bytes);
  markWritten(written, off, bytes);
  if (rng.chance(0.35)) return insn(op.BPF_ST | size | op.BPF_MEM, 10, 0, off, rng.pick(IMMS));
  return insn(op.BPF_STX | size | op.BPF_MEM, 10, rng.pick(SCALARS), off, 0);
}

function loadInsn(rng: Rng, written: Set<number>): Insn {
  const size = pickSize(rng);
  const bytes = BYTES[size]!;
  const dst = rng.pick(SCALARS);
  let off: number;
  if (rng.chance(0.007)) off = oddOff(rng, bytes);
  else {
    const ok = [...written].filter(
      (o) => o % bytes === 0 && [...Array(bytes).keys()].every((i) => written.has(o + i)),
    );
    off = ok.length > 0 && !rng.chance(0.04) ? rng.pick(ok.sort((a, b) => a - b)) : alignedOff(rng, bytes);
  }
  return insn(op.BPF_LDX | size | op.BPF_MEM, dst, 10, off, 0);
}

/** Stores at the start of the program so that loads have something to read. */
export function stackPrologue(rng: Rng, written: Set<number>): Insn[] {
  const out: Insn[] = [];
  const n = rng.int(3);
  for (let i = 0; i < n; i++) out.push(storeInsn(rng, written));
  return out;
}

export function stackInsn(rng: Rng, written: Set<number>): Insn {
  return rng.chance(0.5) ? storeInsn(rng, written) : loadInsn(rng, written);
}
