/**
 * The report's thresholds: "from devices=N on" only where every larger value fails too (Slurm's
 * device counts on the model of 5.15.127); seeded random programs fail here and there, and the
 * narrative says there is no threshold instead of inventing one.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import t from "tap";
import { runLab } from "../../helpers/cli.js";

const dir = mkdtempSync(join(tmpdir(), "lab-findings-"));
const file = join(dir, "s.yaml");
writeFileSync(
  file,
  `name: thresholds
programs:
  - { id: slurm, generator: slurm-device, params: { devices: 4..9 }, prog_type: cgroup_device }
  - { id: random, generator: random, params: { seed: 1..12 }, prog_type: cgroup_device }
loaders:
  - { id: l1, log_level: 1, log_size: 8192 }
targets:
  - { backend: model, kernels: [5.15.127] }
`,
);

t.test("thresholds are named only where the failures are monotonic", async (t) => {
  const r = runLab(["run", file, "--report", join(dir, "report")], { env: { LAB_DATA: join(dir, "data") } });
  t.equal(r.status, 0, r.stderr);
  t.match(
    r.stdout,
    /model:5\.15\.127\/x86_64 with loader l1: 4\/6 loads fail \(ENOSPC\) from devices=6 on \(up to 9 tried\)/,
  );
  t.match(r.stdout, /no threshold in seed: the first fails at seed=3, some larger ones load/);
  const md = readFileSync(join(dir, "report", "report.md"), "utf8");
  t.match(md, /\| l1 \| slurm \| devices=6 \|/);
  t.match(md, /\| l1 \| random \| seed=3 \(no threshold\) \|/);
});
