/**
 * Seeded random cgroup_device programs for the model's differential tests: scalars loaded from the
 * context, ALU/ALU64 ops (immediates at the 32/64-bit boundaries, register operands, shifts, neg),
 * 64-bit constants (ld_imm64), forward JMP/JMP32 branches and gotos (landing anywhere, mid-ld_imm64 too), and a returned value that may be out of [0, 1].
 */
import type { Insn } from "../../../lab/isa/insn.js";
import type { Program } from "../../../lab/program.js";

const CONSTS = [
  0, 1, 2, 3, 7, 8, 15, 16, 31, 32, 63, 64, 0xff, 0x100, 0xffff, 0x10000, 0x7fffffff, -1, -2, -0x80000000,
  195, 1000,
];
const ALU_OPS = [0x00, 0x10, 0x20, 0x40, 0x50, 0x60, 0x70, 0xa0, 0xb0, 0xc0, 0x80];
const JMP_OPS = [0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70, 0xa0, 0xb0, 0xc0, 0xd0];

export function generator(seed0: number) {
  let seed = seed0;
  const rnd = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const pick = <T>(a: readonly T[]): T => a[rnd(a.length)]!;
  const I = (code: number, dst = 0, src = 0, off = 0, imm = 0): Insn => ({ code, dst, src, off, imm });
  return (): Insn[] => {
    const out = [I(0x61, 2, 1, 0), I(0x61, 3, 1, 4), I(0x61, 4, 1, 8)];
    out.push(rnd(2) ? I(0x69, 5, 1, 0) : I(0xb7, 5, 0, 0, pick(CONSTS)));
    const regs = [2, 3, 4, 5];
    const body = 4 + rnd(14);
    for (let i = 0; i < body; i++) {
      const dst = pick(regs);
      const k = rnd(12);
      if (k === 10) {
        out.push(I(0x18, dst, 0, 0, pick(CONSTS)), I(0, 0, 0, 0, pick(CONSTS)));
        continue;
      }
      if (k === 11) {
        out.push(I(0x05, 0, 0, rnd(body - i + 1), 0));
        continue;
      }
      if (k < 5) {
        const cls = rnd(2) ? 0x07 : 0x04;
        const o = pick(ALU_OPS);
        if (o === 0x80) out.push(I(cls | 0x80, dst));
        else if (o === 0x60 || o === 0x70 || o === 0xc0)
          out.push(I(cls | o, dst, 0, 0, rnd(cls === 7 ? 64 : 32)));
        else if (rnd(3) === 0) out.push(I(cls | o | 0x08, dst, pick(regs)));
        else out.push(I(cls | o, dst, 0, 0, pick(CONSTS)));
      } else {
        const cls = rnd(3) ? 0x05 : 0x06;
        const off = rnd(body - i + 1);
        if (rnd(4) === 0) out.push(I(cls | pick(JMP_OPS) | 0x08, dst, pick(regs), off));
        else out.push(I(cls | pick(JMP_OPS), dst, 0, off, pick(CONSTS)));
      }
    }
    const tail = rnd(4);
    if (tail === 0) out.push(I(0xb7, 0, 0, 0, rnd(2)));
    else if (tail === 1) out.push(I(0xbf, 0, pick(regs)));
    else if (tail === 2) out.push(I(0xbc, 0, pick(regs)), I(0x54, 0, 0, 0, 1));
    else out.push(I(0xbf, 0, pick(regs)), I(0x57, 0, 0, 0, 1));
    out.push(I(0x95));
    return out;
  };
}

export const programOf = (insns: Insn[], i: number): Program => ({
  name: `random${i}`,
  insns,
  progType: "cgroup_device",
  expectedAttachType: null,
  license: "GPL",
  maps: [],
  relocations: [],
  source: { origin: "generator:test-random", format: "generator" },
});
