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
