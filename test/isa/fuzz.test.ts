/**
 * Fuzzing, seeded: at least 10,000 inputs per parser (raw bytes, text, ELF from random bytes and
 * from mutated real clang objects). Every input either parses or fails with LAB_PROGRAM_INVALID
 * carrying a position (byte offset, or line and column); nothing else may escape. Whatever parses
 * also disassembles (each kernel line's printer in turn, symbolic and kernel style) without throwing.
 */
import { readFileSync } from "node:fs";
import t from "tap";
import { isLabError } from "../../lab/errors.js";
import { disassemble } from "../../lab/isa/disasm.js";
import { insn } from "../../lab/isa/insn.js";
import { parseProgramBytes } from "../../lab/programs/read.js";
import { buildFixture, clangMissing } from "./clang.js";
import { int, type Rng, rng } from "./random.js";

const CASES = 10_000;
const KERNELS = [undefined, "5.10.223", "6.1", "6.12.117"];

interface Tally {
  ok: number;
  errors: number;
  bad: string[];
}

function attempt(bytes: Uint8Array, origin: string, tally: Tally): void {
  try {
    for (const p of parseProgramBytes(bytes, origin)) {
      for (const kernel of KERNELS)
        disassemble(p.insns, { kernel, pseudo: "symbolic", relocations: p.relocations, maps: p.maps });
    }
    tally.ok++;
  } catch (error) {
    const where = isLabError(error) ? error.where : undefined;
    const positioned =
      where && (where.offset !== undefined || (where.line !== undefined && where.col !== undefined));
    if (isLabError(error) && error.code === "LAB_PROGRAM_INVALID" && positioned) tally.errors++;
    else if (tally.bad.length < 5)
      tally.bad.push(`${origin}: ${error instanceof Error ? error.stack : String(error)}`);
  }
}

const randomBytes = (r: Rng, n: number) => Uint8Array.from({ length: n }, () => int(r, 0, 255));

t.test("raw instruction bytes", async (t) => {
  const r = rng(11);
  const tally: Tally = { ok: 0, errors: 0, bad: [] };
  for (let i = 0; i < CASES; i++)
    attempt(randomBytes(r, int(r, 0, 25) * (r() < 0.8 ? 8 : 1) + (r() < 0.1 ? 1 : 0)), "fuzz.bin", tally);
  t.same(tally.bad, []);
  t.ok(tally.ok > 1000 && tally.errors > 100, `${tally.ok} parsed, ${tally.errors} positioned errors`);
});

const SEED_LINES = disassemble([
  insn(0x61, 2, 1, 0, 0),
  insn(0x56, 3, 0, 2, 5),
  insn(0x85, 0, 0, 0, 1),
  insn(0xdb, 1, 2, 0, 0),
  insn(0xdb, 1, 2, -8, 0xf1),
  insn(0x18, 1, 0, 0, 7),
  insn(0, 0, 0, 0, 0),
  insn(0xbf, 1, 2, 16, 0),
  insn(0xd7, 1, 0, 0, 64),
  insn(0x06, 0, 0, 0, -3),
  insn(0x95, 0, 0, 0, 0),
]);
const ALPHABET = " \t0123456789abcdefx+-*=()[]#:;.,/<>&|^%sruwlpcgoktfmi_\n";

function mutateText(r: Rng, text: string): string {
  let s = text;
  for (let k = int(r, 1, 4); k > 0; k--) {
    const at = int(r, 0, s.length);
    const c = ALPHABET[int(r, 0, ALPHABET.length - 1)]!;
    const kind = int(r, 0, 2);
    s =
      kind === 0
        ? s.slice(0, at) + c + s.slice(at)
        : kind === 1
          ? s.slice(0, at) + s.slice(at + 1)
          : s.slice(0, at) + c + s.slice(at + 1);
  }
  return s;
}

t.test("text", async (t) => {
  const r = rng(12);
  const tally: Tally = { ok: 0, errors: 0, bad: [] };
  const enc = new TextEncoder();
  for (let i = 0; i < CASES; i++) {
    const lines = Array.from({ length: int(r, 1, 6) }, () => {
      const line = SEED_LINES[int(r, 0, SEED_LINES.length - 1)]!;
      return r() < 0.5 ? line.replace(/^\d+: \([0-9a-f]{2}\) /, "") : line;
    });
    const text = r() < 0.85 ? mutateText(r, lines.join("\n")) : lines.join("\n");
    attempt(enc.encode(text), "fuzz.s", tally);
  }
  t.same(tally.bad, []);
  t.ok(tally.ok > 200 && tally.errors > 1000, `${tally.ok} parsed, ${tally.errors} positioned errors`);
});

function mutateBytes(r: Rng, base: Uint8Array): Uint8Array {
  const b = Uint8Array.from(base);
  const view = new DataView(b.buffer);
  const kind = int(r, 0, 3);
  if (kind === 0) return b.subarray(0, int(r, 0, b.length));
  for (let k = int(r, 1, 6); k > 0; k--) {
    const at = r() < 0.3 ? int(r, 0, 63) : int(r, 0, b.length - 9);
    if (kind === 1) b[at] = int(r, 0, 255);
    else if (kind === 2)
      view.setUint32(
        at,
        [0, 1, 0xffffffff, 0x7fffffff, int(r, 0, 4096), int(r, 0, b.length)][int(r, 0, 5)]!,
        true,
      );
    else view.setBigUint64(at, BigInt([0, 8, 2 ** 53, int(r, 0, b.length)][int(r, 0, 3)]!), true);
  }
  return b;
}

t.test("ELF from random bytes", async (t) => {
  const r = rng(13);
  const tally: Tally = { ok: 0, errors: 0, bad: [] };
  for (let i = 0; i < CASES; i++) {
    const b = randomBytes(r, int(r, 4, 300));
    b.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0].slice(0, b.length));
    if (b.length > 20 && r() < 0.7) b.set([247, 0], 18);
    attempt(b, "fuzz.o", tally);
  }
  t.same(tally.bad, []);
  t.equal(tally.errors, CASES, `${tally.errors} positioned errors`);
});

t.test("ELF from mutated clang objects", { skip: clangMissing }, async (t) => {
  const objects = [buildFixture("maps"), buildFixture("legacy"), buildFixture("atomics", ["-mcpu=v3"])].map(
    (p) => new Uint8Array(readFileSync(p)),
  );
  const r = rng(14);
  const tally: Tally = { ok: 0, errors: 0, bad: [] };
  for (let i = 0; i < CASES; i++) attempt(mutateBytes(r, objects[i % objects.length]!), "mutated.o", tally);
  t.same(tally.bad, []);
  t.ok(tally.errors > 1000, `${tally.ok} still parsed, ${tally.errors} positioned errors`);
});
