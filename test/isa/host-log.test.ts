/**
 * `lab disasm` line by line against the host kernel's own level-2 verifier log for the same
 * programs: a Slurm-like cgroup_device program, a program of every instruction form (ISA v1-v4,
 * atomics, jmp32, every ld_imm64 form the loader can resolve), and clang objects with maps,
 * subprograms, global data, callbacks and atomics. Only the lines the verifier prints for
 * instructions are compared (`N: (op) text`, and 6.18's "Live regs" lines); map and ksym addresses
 * are unknowable and compared as addresses.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { release } from "node:os";
import t from "tap";
import { formatInsn } from "../../lab/isa/disasm.js";
import { readElfPrograms } from "../../lab/isa/elf/index.js";
import type { Program } from "../../lab/program.js";
import { slurmDeviceProgram } from "../../lab/programs/generators/slurm-device.js";
import { buildFixture, clangMissing } from "./clang.js";
import { hostLoad, hostMissing } from "./host.js";
import { everyForm, slurmLike } from "./host-programs.js";

const KERNEL = release();
const INSN_LINE = /^(?:(\d+): |\s+(\d+): [.0-9]{10} )(\([0-9a-f]{2}\) .*?|BUG_\S+)\s*(?:;.*)?$/;
// precision backtracking prints instructions too: `mark_precise: frame0: regs=r2 stack= before 9: (46) ...`
const BACKTRACK_LINE = / before (\d+): (\([0-9a-f]{2}\) .*)$/;
const HIDDEN_SRC = new Set([1, 2, 3, 5, 6]);

/** Every instruction line of a log, by index (an index can be printed many times). */
function kernelInsnLines(log: string): Array<[number, string]> {
  const out: Array<[number, string]> = [];
  for (const line of log.split("\n")) {
    const m = INSN_LINE.exec(line);
    if (m) out.push([Number(m[1] ?? m[2]), m[3]!.trimEnd()]);
    const b = BACKTRACK_LINE.exec(line);
    if (b) out.push([Number(b[1]), b[2]!.trimEnd()]);
  }
  return out;
}

function compare(
  t: { ok: (v: unknown, m: string) => void; same: (a: unknown, b: unknown, m: string) => void },
  program: Program,
  /** our text for an instruction: the library's formatInsn, or what `lab disasm` printed */
  ourText: (index: number) => string | undefined = (index) =>
    program.insns[index] ? formatInsn(program.insns, index, { kernel: KERNEL }) : undefined,
): number {
  const { log, stderr } = hostLoad(program);
  const lines = kernelInsnLines(log);
  if (process.env.LAB_ISA_DUMP_LOGS)
    writeFileSync(`${process.env.LAB_ISA_DUMP_LOGS}/${program.name}.log`, log);
  t.ok(
    lines.length > 0,
    `${program.name}: the kernel printed instruction lines (${stderr.trim() || "loaded"})`,
  );
  const mismatches: string[] = [];
  for (const [index, theirs] of lines) {
    const x = program.insns[index];
    let ours = ourText(index) ?? "(no such instruction)";
    let kernel = theirs;
    if (x?.code === 0x18 && HIDDEN_SRC.has(x.src)) {
      const value = /= 0x([0-9a-f]+)$/.exec(kernel)?.[1];
      if (x.src !== 3 && (!value || BigInt(`0x${value}`) < 0xffff000000000000n))
        mismatches.push(`${index}: not an address: ${kernel}`);
      ours = ours.replace(/0x[0-9a-f]+$/, "ADDRESS");
      kernel = kernel.replace(/0x[0-9a-f]+$/, "ADDRESS");
    }
    if (ours !== kernel) mismatches.push(`${index}: kernel '${kernel}' lab '${ours}'`);
  }
  t.same(mismatches, [], `${program.name}: ${lines.length} lines compared`);
  return lines.length;
}

t.test("disasm equals the host kernel's level-2 log lines", { skip: hostMissing }, async (t) => {
  let total = 0;
  t.test("Slurm's own device program (the lab's generator) and a Slurm-like one with jmp32", async (t) => {
    total += compare(t, slurmDeviceProgram({ devices: 23, deny: "1-5" }));
    total += compare(t, slurmLike(8));
  });
  t.test("every instruction form", async (t) => {
    total += compare(t, everyForm());
  });
  t.test("clang objects", { skip: clangMissing }, async (t) => {
    for (const [name, flags] of [
      ["maps", []],
      ["legacy", []],
      ["atomics", ["-mcpu=v3"]],
      ["cgroup_dev", []],
    ] as const) {
      const path = buildFixture(name, [...flags]);
      for (const p of readElfPrograms(new Uint8Array(readFileSync(path)), path)) total += compare(t, p);
    }
  });
  t.teardown(() => t.comment(`${total} instruction lines compared with kernel ${KERNEL}`));
});
