/**
 * The host kernel as a reference printer: builds test/fixtures/isa/loader.c with gcc, loads a
 * Program through it (maps created, references patched) and returns the level-2 verifier log.
 * `hostMissing` says why that cannot run here (not root, no gcc, no bpf()).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encodeInsns, insn } from "../../lab/isa/insn.js";
import { mapTypeNumber, progTypeNumber } from "../../lab/isa/kernel-enums.js";
import type { Program } from "../../lab/program.js";
import { FIXTURES } from "./clang.js";

let loader: string | undefined;

function buildLoader(): string {
  if (loader) return loader;
  const out = join(mkdtempSync(join(tmpdir(), "lab-isa-loader-")), "loader");
  execFileSync("gcc", ["-O2", "-o", out, join(FIXTURES, "loader.c")]);
  return (loader = out);
}

export interface HostLoad {
  log: string;
  status: number;
  stderr: string;
}

export function hostLoad(program: Program, progType = program.progType ?? "socket_filter"): HostLoad {
  const type = progTypeNumber(progType);
  if (type === null) throw new Error(`unknown prog type ${progType}`);
  const maps = program.maps.flatMap((m) => {
    const t = mapTypeNumber(m.type);
    if (t === null) throw new Error(`unknown map type ${m.type}`);
    return ["-m", `${t}:${m.keySize}:${m.valueSize}:${m.maxEntries}:${m.flags}`];
  });
  const r = spawnSync(buildLoader(), [String(type), "-l", "2", ...maps], {
    input: encodeInsns(program.insns),
    maxBuffer: 64 * 1024 * 1024,
    encoding: "utf8",
  });
  return { log: r.stdout, status: r.status ?? -1, stderr: r.stderr };
}

function why(): string | false {
  if (process.getuid?.() !== 0) return "needs root for bpf(BPF_PROG_LOAD) with a level-2 log";
  if (spawnSync("gcc", ["--version"], { stdio: "ignore" }).status !== 0) return "gcc is not installed";
  try {
    buildLoader();
  } catch (error) {
    return `the test loader does not build: ${(error as Error).message}`;
  }
  const probe: Program = {
    name: "probe",
    insns: [insn(0xb7, 0, 0, 0, 0), insn(0x95, 0, 0, 0, 0)],
    progType: "socket_filter",
    expectedAttachType: null,
    license: "GPL",
    maps: [],
    relocations: [],
    source: { origin: "probe", format: "generator" },
  };
  const r = hostLoad(probe);
  return r.status === 0 ? false : `bpf() does not load a trivial program here: ${r.stderr.trim()}`;
}

export const hostMissing: string | false = why();
