/**
 * Throughput of the ISA toolkit: disassembly (kernel style and symbolic), assembly, and reading a
 * clang object, beside llvm-objdump -d on the same object as a reference (a process per run, so the
 * reference includes its start-up; the figure that matters is ours per object).
 *
 *   node dist/bench/isa.js        (needs clang and llvm-objdump for the object figures)
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { assemble } from "../lab/isa/asm.js";
import { disassemble } from "../lab/isa/disasm.js";
import { readElfPrograms } from "../lab/isa/elf/index.js";
import type { Insn } from "../lab/isa/insn.js";
import { INSN_FORMS } from "../lab/isa/table.js";

function time(label: string, count: number, unit: string, run: () => void): number {
  run();
  const t0 = performance.now();
  run();
  const ms = performance.now() - t0;
  console.log(
    `${label.padEnd(34)} ${(count / (ms / 1000)).toFixed(0).padStart(10)} ${unit}/s  (${ms.toFixed(1)} ms for ${count})`,
  );
  return ms;
}

function program(n: number): Insn[] {
  const out: Insn[] = [];
  let seed = 1;
  const next = () => (seed = (seed * 1103515245 + 12345) >>> 0);
  while (out.length < n) {
    const f = INSN_FORMS[next() % INSN_FORMS.length]!;
    const x = {
      code: f.code,
      dst: next() % 11,
      src: f.fixed.src ?? next() % 11,
      off: f.fixed.off ?? 0,
      imm: f.fixed.imm ?? 0,
    };
    out.push(x);
    if (f.wide) out.push({ code: 0, dst: 0, src: 0, off: 0, imm: 0 });
  }
  return out;
}

const insns = program(100_000);
let lines: string[] = [];
time("disassemble (kernel style)", insns.length, "insns", () => {
  lines = disassemble(insns);
});
time("disassemble (symbolic)", insns.length, "insns", () => {
  lines = disassemble(insns, { pseudo: "symbolic" });
});
const text = lines.join("\n");
time("assemble (pasted log lines)", lines.length, "lines", () => {
  assemble(text);
});

const root = join(fileURLToPath(import.meta.url), "..", "..", "..");
const clang = spawnSync("clang", ["--version"], { stdio: "ignore" }).status === 0;
if (!clang) console.log("object figures skipped: clang is not installed");
else {
  const out = join(mkdtempSync(join(tmpdir(), "lab-bench-")), "legacy.o");
  const multiarch = execFileSync("gcc", ["-dumpmachine"], { encoding: "utf8" }).trim();
  execFileSync("clang", [
    "-target",
    "bpf",
    "-O2",
    "-g",
    `-I/usr/include/${multiarch}`,
    "-c",
    join(root, "test/fixtures/isa/legacy.c"),
    "-o",
    out,
  ]);
  const bytes = new Uint8Array(readFileSync(out));
  const runs = 2000;
  const ours = time(`read + link + disasm ${bytes.length}-byte object`, runs, "objects", () => {
    for (let i = 0; i < runs; i++)
      for (const p of readElfPrograms(bytes, out)) disassemble(p.insns, { pseudo: "symbolic" });
  });
  const t0 = performance.now();
  for (let i = 0; i < 20; i++) execFileSync("llvm-objdump", ["-d", out]);
  const ref = (performance.now() - t0) / 20;
  console.log(
    `reference: llvm-objdump -d, one process     ${ref.toFixed(2)} ms per object; lab ${(ours / runs).toFixed(3)} ms per object`,
  );
}
