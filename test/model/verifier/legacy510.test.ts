/**
 * Rules of the 5.10 verifier the model follows, each checked on one of the differential test's
 * random programs (or a hand-written one) against a real 5.10 kernel's answer, captured under QEMU with a 4 MiB log: Debian's
 * 5.10 (profile `5.10`) or linux-source-5.10 built with the three 2023 precision commits reverted
 * (src-5.10-tiny-prebackport, profile `5.10-pre-backport`). The program's instructions, the kernel's
 * verdict, errno, stats and log, or the one log line the rule shows in, are in
 * test/fixtures/model/legacy510-cases.json.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import t from "tap";
import { decodeInsns } from "../../../lab/isa/insn.js";
import { createModelBackend } from "../../../lab/model/backend.js";
import { lineForVersion } from "../../../lab/model/profiles/resolve.js";
import type { Program } from "../../../lab/program.js";

interface Case {
  rule: string;
  /** the kernel that answered, and its `uname -r` */
  kernel: string;
  release: string;
  /** the model profile the release stands for */
  profile: string;
  /** what-if toggles that make the profile this kernel (`-jset_forget_ranges` for 5.10.223) */
  features?: string;
  /** a random program's seed (randomProgram), or absent for a hand-written one */
  seed?: number;
  /** default cgroup_device */
  progType?: string;
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
  readFileSync(join(here, "../../fixtures/model/legacy510-cases.json"), "utf8"),
);

function programOf(c: Case): Program {
  return {
    name: c.seed === undefined ? "case" : `random-${c.seed}`,
    insns: decodeInsns(Buffer.from(c.insns, "hex")),
    progType: c.progType ?? "cgroup_device",
    expectedAttachType: null,
    license: "GPL",
    maps: [],
    relocations: [],
    source: { origin: c.seed === undefined ? "test" : `generator:random:${c.seed}`, format: "generator" },
  };
}

/** the first line starting with the same `N: R1=` prefix as the kernel's */
const lineLike = (log: string, line: string): string | undefined =>
  log.split("\n").find((s) => s.startsWith(line.slice(0, line.indexOf("=") + 1)));

for (const c of CASES) {
  t.test(
    `${c.profile}: ${c.rule} (${c.seed === undefined ? c.progType : `seed ${c.seed}`}, level ${c.level}, ${c.kernel})`,
    async (t) => {
      const model = await createModelBackend({ kernel: c.profile, features: c.features });
      const m = await model.load({
        program: programOf(c),
        logLevel: c.level,
        logSize: 4 << 20,
        statsReload: false,
      });
      // a Debian release names its line; the source-built pre-backport kernel says 5.10.262 like the shipped one
      if (c.kernel.startsWith("debian:"))
        t.equal(lineForVersion(c.release), c.profile, "the release names the line");
      t.equal(m.verdict, c.verdict, "verdict");
      t.equal(m.errno, c.errno, "errno");
      const { processed, totalStates, peakStates, markRead } = m.stats;
      t.same({ processed, totalStates, peakStates, markRead }, c.stats, "processed, states, mark_read");
      if (c.log !== undefined) t.equal(m.log, c.log, "the whole log, byte for byte");
      if (c.line !== undefined) t.equal(lineLike(m.log, c.line), c.line, "the rule's log line");
    },
  );
}
