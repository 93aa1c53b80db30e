/** `lab model profiles` / `lab model features` through the built CLI. */
import t from "tap";
import { runLab } from "../../helpers/cli.js";

t.test("lab model profiles --json lists every line with its features", async (t) => {
  const r = runLab(["model", "profiles", "--json"]);
  t.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as {
    lines: Array<{ id: string; modelOnly: boolean; features: string[] }>;
    features: Array<{ name: string }>;
  };
  t.same(
    out.lines.map((l) => l.id),
    ["5.10-pre-backport", "5.10", "5.15.126", "5.15.127", "6.1", "6.12", "7.x", "host"],
  );
  const line = (id: string) => out.lines.find((l) => l.id === id)!;
  t.ok(line("5.15.127").modelOnly);
  t.ok(line("5.15.127").features.includes("precision_backport"));
  t.notOk(line("5.15.126").features.includes("precision_backport"));
  t.ok(out.features.some((f) => f.name === "log_rotate"));
  // the verifier switches that used to be chosen by line name are features too
  t.ok(line("6.12").features.includes("retval_precise"));
  t.notOk(line("6.12").features.includes("peak_states_max"));
  t.ok(line("host").features.includes("peak_states_max"));
  t.notOk(line("6.1").features.includes("precision_backtrack_frames"));
  t.ok(out.features.some((f) => f.name === "bounds_tnum_step"));
});

t.test("lab model profiles prints a feature x line table", async (t) => {
  const r = runLab(["model", "profiles"]);
  t.equal(r.status, 0, r.stderr);
  t.match(r.stdout, /^feature\s+5\.10-pre\s+5\.10\s+5\.15\.126\s+5\.15\.127\s+6\.1\s+6\.12\s+7\.x\s+host$/m);
  t.match(r.stdout, /^log_rotate\s+-\s+-\s+-\s+-\s+-\s+yes\s+yes\s+yes$/m);
  t.match(r.stdout, /5\.15\.127 .*\[model-only\]/);
  t.match(r.stdout, /^peak_states_max\s+-\s+-\s+-\s+-\s+-\s+-\s+yes\s+yes$/m);
  t.match(r.stdout, /^bound_offset_subreg_from_64\s+-\s+-\s+-\s+-\s+yes\s+yes\s+yes\s+yes$/m);
});

t.test("lab model features explains one feature; a typo is a usage error with a suggestion", async (t) => {
  const ok = runLab(["model", "features", "precision_backport"]);
  t.equal(ok.status, 0);
  t.match(ok.stdout, /backported to 5\.10\.191, 5\.15\.127, 6\.1/);
  const bad = runLab(["model", "features", "precision_backprt", "--json"]);
  t.equal(bad.status, 2);
  t.match(JSON.parse(bad.stdout).error.code, "LAB_ARGS_INVALID");
  t.match(bad.stdout, /did you mean \\"precision_backport\\"/);
});
