/** read.ts tells formats apart by content (ELF magic, text, raw) and picks ELF programs. */
import { readFileSync } from "node:fs";
import t from "tap";
import { isLabError } from "../../lab/errors.js";
import { encodeInsns, insn } from "../../lab/isa/insn.js";
import { parseProgramBytes } from "../../lab/programs/read.js";
import { buildFixture, clangMissing } from "../isa/clang.js";

const codeOf = (error: unknown) => (isLabError(error) ? [error.code, error.where] : error);
const attempt = (f: () => unknown) => {
  try {
    f();
  } catch (error) {
    return codeOf(error);
  }
  return null;
};

t.test("raw, text and their mistakes", async (t) => {
  const raw = encodeInsns([insn(0xb7, 0, 0, 0, 0), insn(0x95, 0, 0, 0, 0)]);
  const [bin] = parseProgramBytes(raw, "dir/p.bin");
  t.match(bin, { name: "p", source: { format: "bin" }, insns: [{ code: 0xb7 }, { code: 0x95 }] });
  const [text] = parseProgramBytes(new TextEncoder().encode("r0 = 0\nexit\n"), "p.txt");
  t.same(text!.insns, bin!.insns);
  t.equal(text!.source.format, "text");
  t.same(
    attempt(() => parseProgramBytes(raw.subarray(0, 12), "p.bin")),
    ["LAB_PROGRAM_INVALID", { file: "p.bin", offset: 8 }],
  );
  t.same(
    attempt(() => parseProgramBytes(new Uint8Array(0), "e.bin")),
    ["LAB_PROGRAM_INVALID", { file: "e.bin", offset: 0 }],
  );
  // .s is text whatever it holds, so its mistakes are positioned as text
  t.same(
    attempt(() => parseProgramBytes(new Uint8Array([0x72, 0x30, 0x01]), "p.s")),
    ["LAB_PROGRAM_INVALID", { file: "p.s", line: 1, col: 1 }],
  );
});

t.test("ELF: --section and --prog", { skip: clangMissing }, async (t) => {
  const path = buildFixture("legacy");
  const bytes = new Uint8Array(readFileSync(path));
  t.same(
    parseProgramBytes(bytes, path).map((p) => p.name),
    ["count_packets", "classify"],
  );
  t.same(
    parseProgramBytes(bytes, path, { section: "tc" }).map((p) => p.name),
    ["classify"],
  );
  t.same(
    parseProgramBytes(bytes, path, { prog: "count_packets" }).map((p) => p.source.section),
    ["xdp"],
  );
  t.same(
    attempt(() => parseProgramBytes(bytes, path, { section: "xdp", prog: "classify" })),
    ["LAB_ARGS_INVALID", { file: path, value: "xdp" }],
  );
});
