/**
 * Builds the C fixtures of test/fixtures/isa with clang at test time (`clang -target bpf -O2 -g -c`),
 * once per process, into a temporary folder. Tests that need them skip with `clangMissing`.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "../helpers/cli.js";

export const FIXTURES = join(REPO_ROOT, "test", "fixtures", "isa");

function missing(tool: string): boolean {
  return spawnSync(tool, ["--version"], { stdio: "ignore" }).status !== 0;
}

export const clangMissing: string | false = missing("clang")
  ? "clang is not installed (apt-get install clang)"
  : false;
export const objdumpMissing: string | false = missing("llvm-objdump")
  ? "llvm-objdump is not installed (apt-get install llvm)"
  : false;

let dir: string | undefined;
const built = new Map<string, string>();

/** The object built from test/fixtures/isa/NAME.c (with extra clang flags, e.g. -mcpu=v3). */
export function buildFixture(name: string, flags: string[] = []): string {
  const key = `${name} ${flags.join(" ")}`;
  const done = built.get(key);
  if (done) return done;
  dir ??= mkdtempSync(join(tmpdir(), "lab-isa-"));
  const out = join(dir, `${name}${flags.join("").replace(/[^\w]/g, "")}.o`);
  const multiarch = `${process.arch === "arm64" ? "aarch64" : "x86_64"}-linux-gnu`;
  execFileSync("clang", [
    "-target",
    "bpf",
    "-O2",
    "-g",
    ...flags,
    `-I/usr/include/${multiarch}`,
    "-c",
    join(FIXTURES, `${name}.c`),
    "-o",
    out,
  ]);
  built.set(key, out);
  return out;
}

/** `llvm-objdump -d`: each executable section's instructions as raw 8-byte slots, by section name. */
export function objdumpSlots(object: string): Map<string, Uint8Array[]> {
  const text = execFileSync("llvm-objdump", ["-d", object], { encoding: "utf8" });
  const out = new Map<string, Uint8Array[]>();
  let current: Uint8Array[] | undefined;
  for (const line of text.split("\n")) {
    const section = /^Disassembly of section (.+):$/.exec(line);
    if (section) out.set(section[1]!, (current = []));
    const insn = /^\s*(\d+):\t((?:[0-9a-f]{2}[ \t]){8,16})/.exec(line);
    if (insn && current) {
      const bytes = insn[2]!
        .trim()
        .split(" ")
        .map((b) => Number.parseInt(b, 16));
      for (let i = 0; i < bytes.length; i += 8) current.push(Uint8Array.from(bytes.slice(i, i + 8)));
    }
  }
  return out;
}
