/**
 * Rules of the 5.10/6.1 ("legacy") verifier, each checked against a real Debian kernel's level-2
 * answer to one of the differential test's random programs (test/fixtures/model/legacy-rules.json,
 * extracted from the QEMU captures by extract-legacy-rules.ts) or to a small hand-written program
 * (legacy-hand.json, captured by capture-legacy-hand.ts): same verdict, errno, stats and a
 * byte-equal log, and the log line that shows the rule is there.
 * - alu_drops_id: any ALU op on a scalar clears its id (adjust_reg_min_max_vals), `rX &= K` too;
 * - print_smin_as_unsigned: print_verifier_state compares the s64 smin with the u64 umin as
 *   unsigned, so a negative-throughout range prints only umin/umax;
 * - retval_tnum_*: check_return_code tests tnum_in(range, var_off) and prints tnums (before 6.8);
 * - mul32_wraps: scalar32_min_max_mul's u32 products wrap (a min above the max from a dead branch);
 * - bitop_known_after_tnum: scalar*_min_max_and/or/xor test whether dst is a constant after its
 *   tnum took the op, so `r6 |= 7` on an impossible r6 (umin 255 > umax 7) is the known 7.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import t from "tap";
import { insn } from "../../../lab/isa/insn.js";
import { createModelBackend } from "../../../lab/model/backend.js";
import type { Program } from "../../../lab/program.js";
import type { LegacyRuleCase, LegacyRulesFixture } from "../../fixtures/model/legacy-rules.js";

const here = dirname(fileURLToPath(import.meta.url));
const read = (name: string): LegacyRulesFixture =>
  JSON.parse(readFileSync(join(here, "../../fixtures/model", name), "utf8")) as LegacyRulesFixture;
const fixture: LegacyRulesFixture = {
  cases: [...read("legacy-rules.json").cases, ...read("legacy-hand.json").cases],
};

function programOf(c: LegacyRuleCase): Program {
  return {
    name: `random-${c.seed}`,
    insns: c.insns.map(([code, dst, src, off, imm]) => insn(code!, dst!, src!, off!, imm!)),
    progType: "cgroup_device",
    expectedAttachType: null,
    license: "GPL",
    maps: [],
    relocations: [],
    source: { origin: `generator:random:${c.seed}`, format: "generator" },
  };
}

async function loadOn(c: LegacyRuleCase, features?: string) {
  const model = await createModelBackend({ kernel: c.release, features });
  return model.load({ program: programOf(c), logLevel: 2, logSize: 4 << 20, statsReload: false });
}

t.test("every rule is covered on both legacy lines", async (t) => {
  for (const line of ["6.1", "5.10"]) {
    const rules = new Set(fixture.cases.filter((c) => c.line === line).map((c) => c.rule));
    t.same([...rules].sort(), [
      "alu_drops_id",
      "bitop_known_after_tnum",
      "mul32_wraps",
      "print_smin_as_unsigned",
      "retval_tnum_unknown",
      "retval_tnum_value",
    ]);
  }
});

for (const c of fixture.cases) {
  t.test(`${c.line} ${c.seed ? `seed ${c.seed}` : "hand-written"}: ${c.rule}`, async (t) => {
    t.ok(c.log.split("\n").includes(c.marker), "the kernel's log shows the rule");
    const m = await loadOn(c);
    t.equal(m.verdict, c.verdict);
    t.equal(m.errno, c.errno);
    if (c.stats) {
      t.equal(m.stats?.processed, c.stats.processed, "processed");
      t.equal(m.stats?.totalStates, c.stats.totalStates, "total_states");
      t.equal(m.stats?.peakStates, c.stats.peakStates, "peak_states");
    }
    t.equal(m.log, c.log, "byte-equal level-2 log");
  });
}

t.test("the exit message follows retval_range_bounds", async (t) => {
  for (const c of fixture.cases.filter((x) => x.rule.startsWith("retval_tnum"))) {
    const m = await loadOn(c, "+retval_range_bounds");
    t.equal(m.errno, "EINVAL");
    t.notOk(m.log.includes(c.marker), `${c.line} seed ${c.seed}: no tnum message`);
    t.match(m.log, /should have been in \[0, 1\]\n/, `${c.line} seed ${c.seed}: range message`);
  }
});
