/** Seeded randomness for property and fuzz tests (mulberry32): the same seed, the same cases. */
import type { Insn } from "../../lab/isa/insn.js";
import type { InsnForm } from "../../lab/isa/table.js";

export type Rng = () => number;

export function rng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const int = (r: Rng, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));

/** Random int32, biased towards small and edge values as real programs have them. */
export function imm32(r: Rng): number {
  const pick = r();
  if (pick < 0.3) return int(r, -16, 16);
  if (pick < 0.4) return [0x7fffffff, -0x80000000, -1, 0xffff, 0x10000][int(r, 0, 4)]!;
  return (r() * 2 ** 32) | 0;
}

export function off16(r: Rng): number {
  return r() < 0.5 ? int(r, -64, 64) : int(r, -32768, 32767);
}

/** A random instruction of `form` (two slots for ld_imm64), unused fields zero. */
export function randomInsn(form: InsnForm, r: Rng): Insn[] {
  const has = (f: string) => (form.operands as readonly string[]).includes(f);
  const x: Insn = {
    code: form.code,
    dst: has("dst") ? int(r, 0, 10) : 0,
    src: form.fixed.src ?? (has("src") ? int(r, 0, 10) : 0),
    off: form.fixed.off ?? (has("off") ? off16(r) : 0),
    imm: form.fixed.imm ?? (has("imm") ? imm32(r) : 0),
  };
  if (!form.wide) return [x];
  const imm2 = form.fixed.imm2 ?? (has("imm2") ? imm32(r) : 0);
  return [x, { code: 0, dst: 0, src: 0, off: 0, imm: imm2 }];
}
