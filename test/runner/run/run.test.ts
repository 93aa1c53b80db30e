/**
 * `lab run` end to end on the model (and the host kernel where root allows): cells, statuses,
 * expectations deciding the exit status, positioned config errors, and resume after SIGKILL.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import t from "tap";
import { LAB_BIN, runLab } from "../../helpers/cli.js";

const isRoot = process.getuid?.() === 0;

function scenario(dir: string, body: string): string {
  const file = join(dir, "s.yaml");
  writeFileSync(file, body);
  return file;
}

const BASE = (devices: string, expect: string) => `name: t
programs:
  - id: slurm
    generator: slurm-device
    params: { devices: ${devices} }
    prog_type: cgroup_device
loaders:
  - { id: l1, log_level: 1, log_size: 8192 }
  - { id: l0, log_level: 0 }
targets:
  - backend: model
    kernels: [5.15.126, 5.15.127]
expect:
${expect}
`;

t.test("a model-only run reports every cell and exits 0 when expectations hold", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "lab-run-"));
  const file = scenario(dir, BASE("20..24", "  - when: { loader: l0 }\n    verdict: accepted\n"));
  const r = runLab(["run", file, "--json"], { env: { LAB_DATA: join(dir, "data") } });
  t.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  t.equal(out.cells.length, 5 * 2 * 2);
  for (const c of out.cells) {
    t.match(c, { scenario: "t", program: "slurm", status: "pass", backend: "model" });
    t.type(c.verdict, "string");
    t.ok(["accepted", "rejected"].includes(c.verdict));
  }
  const l0 = out.cells.filter((c: { cell: string }) => c.cell.includes("/l0/"));
  t.ok(
    l0.every((c: { verdict: string }) => c.verdict === "accepted"),
    "log level 0 never overflows",
  );
});

t.test("an expectation that does not hold makes the cell fail and the run exit 1", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "lab-run-"));
  const file = scenario(
    dir,
    BASE("30", "  - when: { loader: l1 }\n    verdict: accepted\n    note: deliberately wrong\n"),
  );
  const r = runLab(["run", file], { env: { LAB_DATA: join(dir, "data") } });
  const json = runLab(["run", file, "--json"], { env: { LAB_DATA: join(dir, "data") } });
  const cells = JSON.parse(json.stdout).cells as Array<{ verdict: string; status: string; cell: string }>;
  const l1 = cells.filter((c) => c.cell.includes("/l1/"));
  const expected = l1.some((c) => c.verdict === "rejected") ? 1 : 0;
  t.equal(r.status, expected, "exit status follows the expectations");
  t.equal(json.status, expected);
  for (const c of l1) t.equal(c.status, c.verdict === "accepted" ? "pass" : "fail");
  if (expected === 1) t.match(r.stdout, /FAIL .*deliberately wrong/);
});

t.test("an unknown key at line 3, column 1 stops `lab run` with status >= 2 naming FILE:3:1", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "lab-run-"));
  const file = scenario(dir, "name: t\ndescription: x\nprogramz: []\n");
  const r = runLab(["run", file], { env: { LAB_DATA: join(dir, "data") } });
  t.ok(r.status >= 2);
  t.match(r.stderr, `${file}:3:1`);
  t.match(r.stderr, /LAB_CONFIG_INVALID/);
  t.match(r.stderr, /did you mean "programs"/i);
});

t.test(
  "SIGKILL halfway, then --resume: the same results as an uninterrupted run",
  { skip: isRoot ? false : "needs root for the host kernel" },
  async (t) => {
    const dir = mkdtempSync(join(tmpdir(), "lab-run-"));
    const body = `name: resume
programs:
  - id: slurm
    generator: slurm-device
    params: { devices: 1..40 }
    prog_type: cgroup_device
loaders:
  - { id: l1, log_level: 1, log_size: 8192 }
targets:
  - backend: host
  - backend: model
    kernels: [host]
expect:
  - when: { backend: host }
    model_agrees: true
`;
    const file = scenario(dir, body);
    const env = { ...process.env, LAB_DATA: join(dir, "data"), NO_COLOR: "1" };
    const child = spawn(process.execPath, [LAB_BIN, "run", file, "-j", "1"], {
      env,
      stdio: ["ignore", "ignore", "pipe"],
    });
    let finished = 0;
    let runId = "";
    await new Promise<void>((resolve) => {
      child.stderr.on("data", (chunk: Buffer) => {
        finished += (chunk.toString().match(/^\[\d+\/\d+\]/gm) ?? []).length;
        if (finished >= 25 && !child.killed) child.kill("SIGKILL");
      });
      child.on("exit", () => resolve());
    });
    t.ok(finished >= 25 && finished < 80, `killed after ${finished} of 80 cells`);
    const list = JSON.parse(runLab(["results", "--json"], { env }).stdout);
    runId = list.runs[0].id;
    const before = JSON.parse(runLab(["results", "--run", runId, "--json"], { env }).stdout).cells.length;
    t.ok(before >= 25, `the journal kept the ${before} finished cells`);
    const resumed = runLab(["run", "--resume", runId, "--json"], { env });
    t.equal(resumed.status, 0, resumed.stderr);
    const fresh = runLab(["run", file, "--json"], { env });
    t.equal(fresh.status, 0, fresh.stderr);
    const key = (c: Record<string, unknown>) => {
      const stats = { ...(c.stats as Record<string, unknown>), verificationTimeUs: null };
      return JSON.stringify([c.cell, c.status, c.verdict, c.errno, c.log, c.logTrueSize, stats]);
    };
    const a = (JSON.parse(resumed.stdout).cells as Record<string, unknown>[]).map(key).sort();
    const b = (JSON.parse(fresh.stdout).cells as Record<string, unknown>[]).map(key).sort();
    t.equal(a.length, 80);
    t.same(a, b, "resumed run equals an uninterrupted one");
    const journal = readFileSync(join(dir, "data", "runs", runId, "cells.jsonl"), "utf8")
      .trim()
      .split("\n");
    t.equal(new Set(journal.map((l) => JSON.parse(l).cell.id)).size, 80, "each cell journaled once");
  },
);

t.test(
  "cgroup-device probes on the host: enforced when the load works, exposed devices named when it fails",
  { skip: isRoot ? false : "needs root for the host kernel and cgroup v2" },
  async (t) => {
    const dir = mkdtempSync(join(tmpdir(), "lab-run-"));
    const file = scenario(
      dir,
      `name: probes
programs:
  - { id: gpus, generator: slurm-device, params: { devices: 8..30:22, deny: all }, prog_type: cgroup_device }
loaders:
  - { id: slurm-22.05, log_level: 1, log_size: 8192 }
targets:
  - { backend: host }
probes:
  - id: p8
    cgroup_device:
      program: gpus
      params: { devices: 8 }
      loader: slurm-22.05
      devices:
        - { type: c, major: 195, minor: 0, expect: denied }
        - { type: c, major: 1, minor: 3, expect: allowed }
  - id: p30
    cgroup_device:
      program: gpus
      params: { devices: 30 }
      loader: slurm-22.05
      devices:
        - { type: c, major: 195, minor: 29, expect: denied }
        - { type: c, major: 1, minor: 3, expect: allowed }
`,
    );
    const r = runLab(["run", file, "--json"], { env: { LAB_DATA: join(dir, "data") } });
    const out = JSON.parse(r.stdout);
    const cells = out.cells as Array<{ cell: string; verdict: string; errno: string | null }>;
    const load30 = cells.find((c) => c.cell.includes("devices=30"))!;
    const p8 = out.probes.find((p: { probe: string }) => p.probe === "p8");
    const p30 = out.probes.find((p: { probe: string }) => p.probe === "p30");
    t.match(p8, { status: "pass", attached: true, exposed: [] });
    t.same(
      p8.devices.map((d: { outcome: string }) => d.outcome),
      ["denied", "allowed"],
    );
    t.equal(p30.loadVerdict, load30.verdict, "the probe's load answers as the cell's did");
    if (load30.verdict === "rejected") {
      t.match(p30, { attached: false, exposed: ["c 195:29"] });
      t.match(p30.message, /with no program attached devices meant to be denied were open: c 195:29/);
    } else t.match(p30, { attached: true, status: "pass" });
  },
);
