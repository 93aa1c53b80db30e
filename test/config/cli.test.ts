/** `lab validate` as a user runs it (the built CLI). */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import t from "tap";
import { countCells } from "../../lab/config/cells.js";
import { loadScenarioFile } from "../../lab/config/load.js";
import { REPO_ROOT, runLab } from "../helpers/cli.js";

const dir = mkdtempSync(join(tmpdir(), "lab-validate-"));
const bad = join(dir, "bad.yaml");
writeFileSync(
  bad,
  "name: x\ndescription: y\nprogams: []\nprograms: [{ id: p, file: p.bin }]\ntargets: [{ backend: hots }]\n",
);

t.test("the shipped scenario and lab.yaml validate", async (t) => {
  const r = runLab(["validate", "scenarios/slurm-cgroup-device.yaml"]);
  t.equal(r.status, 0, r.stderr);
  const scenario = loadScenarioFile(join(REPO_ROOT, "scenarios", "slurm-cgroup-device.yaml"));
  const cells = countCells(scenario);
  t.equal(
    r.stdout,
    `scenarios/slurm-cgroup-device.yaml: ok (${scenario.programs.length} programs, ${cells} cells)\n`,
  );
  const j = runLab(["validate", "lab.yaml", "--json"]);
  t.equal(j.status, 0);
  const parsed = JSON.parse(j.stdout);
  t.equal(parsed.kind, "lab");
  t.ok(parsed.images.length >= 6);
  t.equal(parsed.cells, cells, "lab.yaml's default job is validated with it");
});

t.test("an unknown key at line 3 col 1: exit 2, LAB_CONFIG_INVALID, FILE:3:1", async (t) => {
  const r = runLab(["validate", bad]);
  t.equal(r.status, 2);
  t.match(
    r.stderr,
    new RegExp(
      `^error LAB_CONFIG_INVALID: ${bad.replace(/[.]/g, "\\.")}:3:1: unknown key "progams" at the top level \\(did you mean "programs"\\?\\)`,
    ),
  );
  t.match(
    r.stderr,
    /\n {2}\S+bad\.yaml:5:22: targets\[0\]\.backend: .*did you mean "host"/,
    "later problems are listed too",
  );
  t.equal(r.stdout, "");
  const j = runLab(["validate", bad, "--json"]);
  t.equal(j.status, 2);
  const parsed = JSON.parse(j.stdout);
  t.equal(parsed.error.code, "LAB_CONFIG_INVALID");
  t.equal(parsed.error.where, `${bad}:3:1`);
});

t.test("lab run goes through the same pipeline: the same FILE:3:1 error before anything runs", async (t) => {
  const r = runLab(["run", bad]);
  t.ok(r.status >= 2, `exit ${r.status}`);
  t.match(
    r.stderr,
    new RegExp(`LAB_CONFIG_INVALID: ${bad.replace(/[.]/g, "\\.")}:3:1: unknown key "progams"`),
  );
});

t.test("--kind forces the file kind; a missing file is LAB_FILE_NOT_FOUND", async (t) => {
  const r = runLab(["validate", "lab.yaml", "--kind", "scenario"]);
  t.equal(r.status, 2);
  t.match(r.stderr, /lab\.yaml:\d+:1: unknown key "images"/);
  t.equal(runLab(["validate", join(dir, "none.yaml")]).status, 2);
  t.match(runLab(["validate", join(dir, "none.yaml")]).stderr, /LAB_FILE_NOT_FOUND/);
  t.match(runLab(["validate", "lab.yaml", "--kind", "nope"]).stderr, /LAB_ARGS_INVALID/);
});

t.test("an expectation that matches no cell is a note, not an error", async (t) => {
  const file = join(dir, "unmatched.yaml");
  writeFileSync(
    file,
    "name: x\nprograms: [{ id: p, file: bad.yaml }]\ntargets: [{ backend: model, kernels: 6.1 }]\nexpect:\n  - when: { kernel: '>=7' }\n    verdict: accepted\n",
  );
  writeFileSync(join(dir, "bad.yaml"), "");
  const r = runLab(["validate", file]);
  t.equal(r.status, 0);
  t.match(r.stderr, /note: \S+unmatched\.yaml:5:5: expect\[0\] matches no cell/);
});
