/**
 * `lab load PROG --backend host` end to end through the built CLI, as CONTRACT.md says: one JSON
 * object, exit 0 accepted / 1 rejected, the errno and the reloaded stats, KERNEL_UNAVAILABLE
 * (exit 3) when not root. The expected numbers come from the direct loader in the same run.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import t from "tap";
import { encodeInsns } from "../../../lab/isa/insn.js";
import { slurmDeviceProgram } from "../../../lab/programs/generators/slurm-device.js";
import { LAB_BIN, REPO_ROOT, runLab } from "../../helpers/cli.js";
import { buildDirectLoad, hostSkipReason } from "../helpers/agent.js";

const skip = hostSkipReason();
const dir = mkdtempSync(join(tmpdir(), "lab-cli-host-"));
chmodSync(dir, 0o755); // the not-root case reads its program from here
t.teardown(() => rmSync(dir, { recursive: true, force: true }));

function slurmBin(devices: number): string {
  const file = join(dir, `slurm${devices}.bin`);
  writeFileSync(file, encodeInsns(slurmDeviceProgram({ devices }).insns));
  return file;
}

function direct(bin: string, file: string) {
  const run = spawnSync(
    bin,
    ["--prog-type", "15", "--log-level", "1", "--log-size", "8192", "--reload", "--file", file],
    {
      encoding: "utf8",
    },
  );
  return JSON.parse(run.stdout);
}

const KEYS = [
  "backend",
  "kernel",
  "verdict",
  "errno",
  "log",
  "logTrueSize",
  "stats",
  "statsSource",
  "diagnosis",
];

t.test(
  "lab load x.bin --backend host --prog-type cgroup_device --log-size 8192 --json",
  { skip },
  async (t) => {
    const loader = await buildDirectLoad();
    for (const devices of [8, 23]) {
      const file = slurmBin(devices);
      const d = direct(loader, file);
      const res = runLab([
        "load",
        file,
        "--backend",
        "host",
        "--prog-type",
        "cgroup_device",
        "--log-size",
        "8192",
        "--json",
      ]);
      t.equal(res.stderr, "", "nothing on stderr");
      const out = JSON.parse(res.stdout);
      t.same(Object.keys(out).sort(), [...KEYS].sort(), "all contract keys");
      t.equal(res.status, d.ok ? 0 : 1, `${devices} devices: exit status follows the verdict`);
      t.equal(out.verdict, d.ok ? "accepted" : "rejected");
      t.equal(out.errno, d.errno);
      t.equal(out.logTrueSize, d.log_true_size);
      t.equal(out.statsSource, d.reload ? "reload" : "log");
      t.equal(out.stats.processed, (d.reload ?? d).processed);
      t.equal(out.stats.peakStates, (d.reload ?? d).peak_states);
      t.match(out.kernel, { release: spawnSync("uname", ["-r"], { encoding: "utf8" }).stdout.trim() });
    }
  },
);

t.test("human output and --no-stats-reload", { skip }, async (t) => {
  const file = slurmBin(30);
  const res = runLab([
    "load",
    file,
    "--backend",
    "host",
    "--prog-type",
    "cgroup_device",
    "--log-size",
    "8192",
  ]);
  t.equal(res.status, 1);
  t.match(res.stdout, /rejected ENOSPC/);
  t.match(res.stdout, /recovered by a level-4 reload/);
  const off = JSON.parse(
    runLab([
      "load",
      file,
      "--backend",
      "host",
      "--prog-type",
      "cgroup_device",
      "--log-size",
      "8192",
      "--no-stats-reload",
      "--json",
    ]).stdout,
  );
  t.not(off.statsSource, "reload");
});

t.test("bad arguments for the host backend", { skip }, async (t) => {
  const file = slurmBin(1);
  const noType = runLab(["load", file, "--backend", "host", "--json"]);
  t.equal(noType.status, 2);
  t.match(JSON.parse(noType.stdout), { error: { code: "LAB_ARGS_INVALID", message: /--prog-type/ } });
  const kernel = runLab([
    "load",
    file,
    "--backend",
    "host",
    "--prog-type",
    "cgroup_device",
    "--kernel",
    "1.2.3",
    "--json",
  ]);
  t.match(JSON.parse(kernel.stdout), { error: { code: "LAB_ARGS_INVALID", message: /1\.2\.3/ } });
});

/** Why the not-root case cannot run: no setpriv, or a checkout (e.g. under /root) nobody may read. */
function nobodySkipReason(): string | false {
  if (skip) return skip;
  if (!existsSync("/usr/bin/setpriv")) return "needs setpriv (util-linux)";
  const entry = join(REPO_ROOT, "dist", "runner", "main.js");
  const probe = spawnSync("setpriv", [
    "--reuid=65534",
    "--regid=65534",
    "--clear-groups",
    "test",
    "-r",
    entry,
  ]);
  return probe.status === 0 ? false : `user nobody cannot read ${entry}`;
}

t.test("not root: KERNEL_UNAVAILABLE, exit 3", { skip: nobodySkipReason() }, async (t) => {
  const file = slurmBin(1);
  const res = spawnSync(
    "setpriv",
    [
      "--reuid=65534",
      "--regid=65534",
      "--clear-groups",
      process.execPath,
      LAB_BIN,
      "load",
      file,
      "--backend",
      "host",
      "--prog-type",
      "cgroup_device",
      "--json",
    ],
    { encoding: "utf8", env: { ...process.env, HOME: dir } },
  );
  t.equal(res.status, 3);
  t.match(JSON.parse(res.stdout), { error: { code: "KERNEL_UNAVAILABLE", message: /root/ } });
});
