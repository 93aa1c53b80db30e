/**
 * lab/kernel/stats.ts on real verifier logs captured from the host kernel (6.18, committed under
 * test/kernel/fixtures/logs). test/kernel/host/slurm-direct.test.ts checks it live against an
 * independent parser.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import t from "tap";
import { parseVerifierStats } from "../../lab/kernel/stats.js";
import { REPO_ROOT } from "../helpers/cli.js";

const log = (name: string) =>
  readFileSync(join(REPO_ROOT, "test", "kernel", "fixtures", "logs", name), "utf8");

t.test("level 1: the final line only", async (t) => {
  t.same(parseVerifierStats(log("host-slurm8-level1.txt")), {
    processed: 156,
    maxStatesPerInsn: 2,
    totalStates: 16,
    peakStates: 16,
    markRead: 0,
    verificationTimeUs: null,
  });
});

t.test("level 4: verification time too", async (t) => {
  const text = log("host-slurm8-level4.txt");
  const time = Number(/verification time (\d+) usec/.exec(text)![1]);
  t.match(parseVerifierStats(text), { processed: 156, totalStates: 16, verificationTimeUs: time });
});

t.test("level 2 trace and a rejection: the last processed line wins", async (t) => {
  t.match(parseVerifierStats(log("host-slurm3-level2.txt")), {
    processed: 47,
    totalStates: 4,
    peakStates: 4,
  });
  t.match(parseVerifierStats(log("host-slurm3-level5.txt")), { processed: 47, verificationTimeUs: Number });
  t.match(parseVerifierStats(log("host-reject-level1.txt")), { processed: 1, totalStates: 0 });
});

t.test("a truncated log has no stats; a rotated one (6.4+) keeps its tail", async (t) => {
  const full = log("host-slurm3-level2.txt");
  t.equal(parseVerifierStats(full.slice(0, 255)), null, "the head, as a pre-6.4 kernel truncates");
  t.match(
    parseVerifierStats(log("host-slurm3-level2-256.txt")),
    { processed: 47 },
    "6.18's 256-byte rotated log",
  );
  t.equal(parseVerifierStats(""), null);
  t.equal(parseVerifierStats("processed 3 insns\n"), null, "not the stats line");
});

t.test("older kernels' shorter line", async (t) => {
  // 4.x kernels end with `processed N insns (limit N), stack depth N`
  t.same(parseVerifierStats("processed 12 insns (limit 131072), stack depth 0\n"), {
    processed: 12,
    maxStatesPerInsn: null,
    totalStates: null,
    peakStates: null,
    markRead: null,
    verificationTimeUs: null,
  });
});
