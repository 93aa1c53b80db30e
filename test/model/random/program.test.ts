import t from "tap";
import { encodeInsns } from "../../../lab/isa/insn.js";
import * as op from "../../../lab/isa/opcodes.js";
import { BOUNDARY_IMMS, randomProgram } from "../../../lab/model/random/program.js";

const hex = (seed: number, options = {}) =>
  Buffer.from(encodeInsns(randomProgram(seed, options).insns)).toString("hex");

t.test("a seed always gives the same program; seeds differ", async (t) => {
  t.equal(hex(42), hex(42));
  t.not(hex(42), hex(43));
  t.matchSnapshot(hex(1), "seed 1 bytes");
});

t.test("control flow: forward jumps in range, every instruction reachable, exits last", async (t) => {
  for (let seed = 1; seed <= 300; seed++) {
    const insns = randomProgram(seed, { ldImm64: seed % 2 === 0 }).insns;
    const reached = new Set<number>([0]);
    let bad = "";
    for (let pc = 0; pc < insns.length; pc++) {
      const x = insns[pc]!;
      const cls = x.code & 7;
      const isLd64 = x.code === (op.BPF_LD | op.BPF_DW | op.BPF_IMM);
      if (!reached.has(pc)) bad ||= `insn ${pc} unreachable`;
      if (cls === op.BPF_JMP || cls === op.BPF_JMP32) {
        if ((x.code & 0xf0) === op.BPF_EXIT) continue;
        if (x.off < 0) bad ||= `backward jump at ${pc}`;
        if (pc + 1 + x.off >= insns.length) bad ||= `jump out of range at ${pc}`;
        reached.add(pc + 1 + x.off);
      }
      if (isLd64) reached.add(pc + 2);
      else reached.add(pc + 1);
      if (isLd64) pc++;
    }
    const last = insns.at(-1)!;
    if (last.code !== (op.BPF_JMP | op.BPF_EXIT)) bad ||= "does not end in exit";
    if (bad) t.fail(`seed ${seed}: ${bad}`);
  }
  t.pass("300 programs checked");
});

t.test("constants come from the boundary list often", async (t) => {
  let boundary = 0;
  let total = 0;
  for (let seed = 1; seed <= 50; seed++)
    for (const x of randomProgram(seed).insns)
      if ((x.code & 7) !== op.BPF_LDX && (x.code & 0x08) === 0 && x.imm !== 0) {
        total++;
        if (BOUNDARY_IMMS.includes(x.imm)) boundary++;
      }
  t.ok(boundary / total > 0.4, `${boundary}/${total} immediates on a boundary`);
});

t.test(
  "the default programs do not change when options are added (the captures in /work/diff rest on them)",
  async (t) => {
    const { createHash } = await import("node:crypto");
    const h = createHash("sha256");
    for (let seed = 1; seed <= 3000; seed++) h.update(JSON.stringify(randomProgram(seed).insns));
    // measured on main before { stack } existed (seeds 1..3000, JSON of the insns)
    t.equal(h.digest("hex"), "7af0f40a3257b2f7bfe142805a577a4ae279b795a3055ac8a781c65fa4c70063");
  },
);

t.test("{ stack: true } mixes r10-based stores and loads of every size into the body", async (t) => {
  const seen = new Set<string>();
  let odd = 0;
  for (let seed = 1; seed <= 300; seed++) {
    for (const x of randomProgram(seed, { stack: true }).insns) {
      const cls = x.code & 7;
      const base = cls === op.BPF_LDX ? x.src : x.dst;
      if (![op.BPF_LDX, op.BPF_ST, op.BPF_STX].includes(cls) || base !== 10) continue;
      seen.add(`${cls}:${op.insnSize(x.code)}`);
      if (
        x.off >= 0 || x.off < -512 || x.off % 8 === 0
          ? false
          : x.off % [4, 2, 1, 8][op.insnSize(x.code) >> 3]! !== 0
      )
        odd++;
      if (cls === op.BPF_ST && x.imm === 0) seen.add("st-zero");
    }
  }
  for (const cls of [op.BPF_LDX, op.BPF_ST, op.BPF_STX])
    for (const size of [op.BPF_DW, op.BPF_W, op.BPF_H, op.BPF_B])
      t.ok(seen.has(`${cls}:${size}`), `class ${cls} size ${size}`);
  t.ok(seen.has("st-zero"), "stores of immediate zero");
  t.ok(odd > 0, "a few misaligned accesses");
  t.not(hex(7, { stack: true }), hex(7), "a stack program differs from the default one");
});
