/**
 * `lab bisect --model` on the Slurm program: the search finds the profile feature that turns
 * 5.15.126's answer into 5.15.127's, and says so when two kernels agree.
 */
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import t from "tap";
import { encodeInsns } from "../../../lab/isa/insn.js";
import { slurmDeviceProgram } from "../../../lab/programs/generators/slurm-device.js";
import { findCulprits } from "../../../runner/bisect/search.js";
import { runLab } from "../../helpers/cli.js";

const dir = mkdtempSync(join(tmpdir(), "lab-bisect-"));
function slurmFile(devices: number): string {
  const file = join(dir, `slurm${devices}.bin`);
  writeFileSync(file, encodeInsns(slurmDeviceProgram({ devices }).insns));
  return file;
}
const LOAD = ["--prog-type", "cgroup_device", "--log-size", "8192"];
const verdictOf = (file: string, kernel: string) => {
  const r = runLab(["load", file, "--kernel", kernel, ...LOAD, "--json"]);
  const d = JSON.parse(r.stdout);
  return `${d.verdict}/${d.errno}`;
};

t.test("ddmin finds a minimal set when no single change flips the outcome", async (t) => {
  const needs = new Set(["b", "d"]);
  const r = await findCulprits(["a", "b", "c", "d", "e"], async (set) =>
    [...needs].every((x) => set.includes(x)),
  );
  t.same(r.singles, []);
  t.same([...r.minimal].sort(), ["b", "d"]);
  const single = await findCulprits(["a", "b", "c"], async (set) => set.includes("c"));
  t.same(single.singles, ["c"]);
  t.same(single.minimal, ["c"]);
});

t.test("5.15.126 -> 5.15.127 on the Slurm program is the precision backport", async (t) => {
  let devices = 0;
  for (let n = 1; n <= 40 && !devices; n++) {
    const f = slurmFile(n);
    if (verdictOf(f, "5.15.126") !== verdictOf(f, "5.15.127")) devices = n;
  }
  t.ok(devices > 0, `the two profiles differ at ${devices} devices`);
  const r = runLab([
    "bisect",
    "--model",
    "--good",
    "5.15.126",
    "--bad",
    "5.15.127",
    slurmFile(devices),
    ...LOAD,
    "--json",
  ]);
  t.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  t.equal(out.differs, true);
  t.same(out.minimal, ["+precision_backport"]);
  t.match(out.explanation[0], /^\+precision_backport: /);
  const text = runLab([
    "bisect",
    "--model",
    "--good",
    "5.15.126",
    "--bad",
    "5.15.127",
    slurmFile(devices),
    ...LOAD,
  ]);
  t.match(text.stdout, /the outcome flips with: \+precision_backport/);
});

t.test("two kernels that agree: nothing to bisect, exit 1", async (t) => {
  const r = runLab(["bisect", "--model", "--good", "6.12.100", "--bad", "6.12.117", slurmFile(2), ...LOAD]);
  t.equal(r.status, 1);
  t.match(r.stdout, /nothing to bisect/);
});

const qemuMissing = !(process.env.PATH ?? "")
  .split(":")
  .some((d) => existsSync(join(d, "qemu-system-x86_64")));

t.test(
  "6.1.170 -> 6.12.117 at 23 devices: the flipping feature is named and both endpoints are confirmed under QEMU",
  { skip: qemuMissing ? "needs qemu-system-x86_64 and the Debian archive" : false },
  async (t) => {
    const r = runLab([
      "bisect",
      "--model",
      "--good",
      "6.1.170",
      "--bad",
      "6.12.117",
      slurmFile(23),
      ...LOAD,
      "--confirm",
      "qemu",
      "--arch",
      "x86_64",
      "--json",
    ]);
    const out = JSON.parse(r.stdout);
    t.equal(out.differs, true, "the two profiles answer differently at 23 devices");
    t.ok(out.minimal.length > 0, `a flipping feature set is named: ${out.minimal.join(" ")}`);
    t.ok(
      out.good.outcome.logTrueSize < 8192 && out.bad.outcome.logTrueSize > 8192,
      "the good log fits 8 KiB, the bad one does not",
    );
    t.equal(out.confirmations.length, 2);
    for (const c of out.confirmations) {
      t.equal(c.error, null, `qemu debian:${c.kernel} booted`);
      t.equal(c.agreesWithModel, true, `qemu debian:${c.kernel} (${c.release}) agrees with the model`);
    }
    t.equal(r.status, 0);
  },
);
