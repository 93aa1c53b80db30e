/**
 * `lab model diff` and `lab prog random`: the built CLI compares the model with the host kernel on
 * seeded random programs, and its figures equal the same loads made here directly.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import t from "tap";
import { openBackend } from "../../../lab/backends.js";
import { encodeInsns } from "../../../lab/isa/insn.js";
import { hostUnavailableReason } from "../../../lab/kernel/host/backend.js";
import { randomProgram } from "../../../lab/model/random/program.js";
import { runLab } from "../../helpers/cli.js";

const dir = mkdtempSync(join(tmpdir(), "lab-model-diff-"));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));

t.test("lab prog random --param seed=N writes the differential test's program N", async (t) => {
  const file = join(dir, "seed11.bin");
  const r = runLab(["prog", "random", "--param", "seed=11", "-o", file]);
  t.equal(r.status, 0, r.stderr);
  t.same(new Uint8Array(readFileSync(file)), encodeInsns(randomProgram(11).insns));
  const bad = runLab(["prog", "random", "--param", "seed=-3", "-o", join(dir, "bad.bin")]);
  t.equal(bad.status, 2);
  t.match(bad.stderr, /LAB_ARGS_INVALID.*seed must be a non-negative integer, not -3/);
});

t.test("lab model diff rejects levels other than 1 and 2, naming the value", async (t) => {
  const r = runLab(["model", "diff", "--levels", "1,4"]);
  t.equal(r.status, 2);
  t.match(r.stderr, /--levels: expected 1, 2 or 1,2, not "1,4"/);
});

const noHost = hostUnavailableReason();
t.test("lab model diff --json against the host equals direct loads", { skip: noHost ?? false }, async (t) => {
  const r = runLab(["--json", "model", "diff", "--programs", "25", "--first-seed", "40"]);
  t.equal(r.status, 0, r.stderr);
  const json = JSON.parse(r.stdout);
  t.same(json.seeds, { first: 40, last: 64 });
  t.equal(json.model.profile, "host");
  t.equal(json.programs, 25);
  t.same(json.verdict, { equal: 50, total: 50 }, "the model's verdicts agree with the host's on these seeds");

  const host = await openBackend("host", {});
  t.teardown(() => host.close());
  const model = await openBackend("model", { kernel: "host" });
  let log2Equal = 0;
  let accepted = 0;
  const logDiverging: number[] = [];
  for (let seed = 40; seed <= 64; seed++) {
    for (const logLevel of [1, 2]) {
      const request = { program: randomProgram(seed), logLevel, logSize: 4 << 20, statsReload: false };
      const [k, m] = [await host.load(request), await model.load(request)];
      if (logLevel === 1 && k.verdict === "accepted") accepted++;
      if (logLevel === 2 && k.log === m.log) log2Equal++;
      if (k.log !== m.log) logDiverging.push(seed);
    }
  }
  t.equal(json.accepted, accepted);
  t.same(json.log2, { equal: log2Equal, total: 25 });
  const listed = json.divergences
    .filter((d: { kind: string }) => d.kind === "log")
    .map((d: { seed: number }) => d.seed);
  t.same(listed, logDiverging, "every log divergence is listed by seed, in order");
});
