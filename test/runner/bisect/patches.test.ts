/**
 * `lab bisect --patches RECIPE`: argument errors always; the real bisection over the 5.10
 * precision revert series (builds, boots) only with LAB_BUILD_BISECT=1, as its builds cost minutes.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import t from "tap";
import { encodeInsns } from "../../../lab/isa/insn.js";
import { slurmDeviceProgram } from "../../../lab/programs/generators/slurm-device.js";
import { runLab } from "../../helpers/cli.js";

const dir = mkdtempSync(join(tmpdir(), "lab-bisect-patches-"));
const prog = join(dir, "slurm10.bin");
writeFileSync(prog, encodeInsns(slurmDeviceProgram({ devices: 10 }).insns));
const LOAD = ["--prog-type", "cgroup_device", "--log-size", "8192", "--arch", "x86_64"];

t.test("a recipe that does not exist, or has no revert series, is a usage error naming it", async (t) => {
  const missing = runLab(["bisect", "--patches", "no-such-recipe", prog, ...LOAD]);
  t.equal(missing.status, 2);
  t.match(missing.stderr, /LAB_ARGS_INVALID: no-such-recipe is not a source recipe/);
  const plain = runLab(["bisect", "--patches", "src-5.10-tiny", prog, ...LOAD]);
  t.equal(plain.status, 2);
  t.match(plain.stderr, /recipe src-5.10-tiny has no revert: series to bisect/);
  const noVersions = runLab(["bisect", prog, ...LOAD]);
  t.equal(noVersions.status, 2);
  t.match(noVersions.stderr, /needs --good VERSION and --bad VERSION/);
});

t.test(
  "over the 5.10 precision revert series: 'stop setting precise in current state' flips Slurm's 10-device load",
  {
    skip:
      process.env.LAB_BUILD_BISECT === "1"
        ? false
        : "set LAB_BUILD_BISECT=1 (builds and boots several 5.10 kernels)",
  },
  async (t) => {
    const r = runLab(["bisect", "--patches", "src-5.10-tiny-prebackport", prog, ...LOAD, "--json"]);
    t.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    t.match(out.good.outcome, { verdict: "accepted" });
    t.match(out.bad.outcome, { verdict: "rejected", errno: "ENOSPC" });
    t.same(out.minimal, ["0002-bpf-stop-setting-precise-in-current-state.patch"]);
  },
);
