/**
 * Rules of the 5.10 verifier the model follows, each checked on one of the differential test's
 * random programs against the real Debian 5.10 kernel's answer (captured under QEMU with a 4 MiB
 * log; the program's instructions, the kernel's verdict, errno, stats and log, or the one log line
 * the rule shows in, are in test/fixtures/model/debian-5.10-cases.json).
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import t from "tap";
import { decodeInsns } from "../../../lab/isa/insn.js";
import { createModelBackend } from "../../../lab/model/backend.js";
import type { Program } from "../../../lab/program.js";

interface Case {
  rule: string;
  release: string;
  seed: number;
  level: number;
  insns: string;
  verdict: string;
  errno: string | null;
  stats: { processed: number; totalStates: number; peakStates: number; markRead: number };
  /** the whole log, or */
  log?: string;
  /** the first log line starting as this one does */
  line?: string;
}

const here = dirname(fileURLToPath(import.meta.url));
const CASES: Case[] = JSON.parse(
  readFileSync(join(here, "../../fixtures/model/debian-5.10-cases.json"), "utf8"),
);

function programOf(c: Case): Program {
  return {
    name: `random-${c.seed}`,
    insns: decodeInsns(Buffer.from(c.insns, "hex")),
    progType: "cgroup_device",
    expectedAttachType: null,
    license: "GPL",
    maps: [],
    relocations: [],
    source: { origin: `generator:random:${c.seed}`, format: "generator" },
  };
}

/** the first line starting with the same `N: R1=` prefix as the kernel's */
const lineLike = (log: string, line: string): string | undefined =>
  log.split("\n").find((s) => s.startsWith(line.slice(0, line.indexOf("=") + 1)));

for (const c of CASES) {
  t.test(`5.10: ${c.rule} (seed ${c.seed}, level ${c.level})`, async (t) => {
    const model = await createModelBackend({ kernel: c.release });
    const m = await model.load({
      program: programOf(c),
      logLevel: c.level,
      logSize: 4 << 20,
      statsReload: false,
    });
    t.equal(m.kernel.profile, "5.10", "the release resolves to the 5.10 line");
    t.equal(m.verdict, c.verdict, "verdict");
    t.equal(m.errno, c.errno, "errno");
    const { processed, totalStates, peakStates, markRead } = m.stats;
    t.same({ processed, totalStates, peakStates, markRead }, c.stats, "processed, states, mark_read");
    if (c.log !== undefined) t.equal(m.log, c.log, "the whole log, byte for byte");
    if (c.line !== undefined) t.equal(lineLike(m.log, c.line), c.line, "the rule's log line");
  });
}
