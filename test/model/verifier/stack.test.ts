/**
 * Stack memory against real kernels without booting them: real answers of host 6.18 and Debian
 * 5.10, 6.1 and 6.12 for `randomProgram(seed, { stack: true })` (test/fixtures/model/stack-cases.json,
 * picked by extract-stack-cases.ts from full captures: spills and fills with precision through
 * stack slots, STACK_ZERO slots, misaligned and out-of-bounds accesses, spilled registers in
 * state lines, pruning with stack slots, 6.18's stack liveness lines), loaded on the model of
 * each kernel's release: the same verdict, errno, stats and byte-equal logs at levels 1 and 2.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import t from "tap";
import { openBackend } from "../../../lab/backends.js";
import { randomProgram } from "../../../lab/model/random/program.js";

interface Case {
  rules: string[];
  verdict: string;
  errno: string | null;
  log: string;
  processed?: number;
  totalStates?: number;
  peakStates?: number;
}

const here = dirname(fileURLToPath(import.meta.url));
const fixture = JSON.parse(
  readFileSync(join(here, "../../fixtures/model/stack-cases.json"), "utf8"),
) as Record<string, { release: string; cases: Record<string, Case> }>;

for (const [kernel, { release, cases }] of Object.entries(fixture)) {
  t.test(`stack programs: the model of ${kernel} (${release}) equals its real answers`, async (t) => {
    const model = await openBackend("model", { kernel: release });
    const rules = new Set(Object.values(cases).flatMap((c) => c.rules));
    t.ok(rules.size >= 5, `the cases cover ${[...rules].join(", ")}`);
    for (const [key, real] of Object.entries(cases)) {
      const [seed, level] = key.split(":").map(Number) as [number, number];
      const m = await model.load({
        program: randomProgram(seed, { stack: true }),
        logLevel: level,
        logSize: 4 << 20,
        statsReload: false,
      });
      t.equal(
        `${m.verdict} ${m.errno}`,
        `${real.verdict} ${real.errno}`,
        `seed ${seed} level ${level}: verdict`,
      );
      if (level === 1)
        t.same(
          [m.stats.processed, m.stats.totalStates, m.stats.peakStates],
          [real.processed, real.totalStates, real.peakStates],
          `seed ${seed}: processed/states`,
        );
      t.equal(m.log, real.log, `seed ${seed} level ${level} (${real.rules.join(", ")}): log`);
    }
  });
}
