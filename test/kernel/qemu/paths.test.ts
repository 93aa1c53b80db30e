import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import t from "tap";
import { makeVmDirs, pruneRunDirs, pruneVmLogs, removeRunDir } from "../../../lab/kernel/qemu/paths.js";

t.test("VM dirs: short socket paths, a kept console log, the owner recorded", async (t) => {
  const cache = t.testdir();
  const dirs = makeVmDirs("lab-x/y", cache);
  t.ok(dirs.paths.agent.length < 100, "a unix socket path fits in sun_path");
  t.ok(dirs.paths.console.startsWith(join(cache, "vm")));
  t.match(dirs.logDir, /-lab-x_y-/);
  t.ok(existsSync(join(dirs.runDir, "owner")));
  removeRunDir(dirs);
  t.notOk(existsSync(dirs.runDir));
  t.ok(existsSync(dirs.logDir), "the log folder stays");
});

t.test("run dirs of dead labs are removed; live ones and fresh unowned ones stay", async (t) => {
  const root = t.testdir();
  const deadPid = spawnSync("true").pid!;
  const make = (name: string, owner?: number) => {
    mkdirSync(join(root, name));
    if (owner !== undefined) writeFileSync(join(root, name, "owner"), String(owner));
  };
  make("lab-vm-dead", deadPid);
  make("lab-vm-live", process.pid);
  make("lab-vm-fresh");
  make("lab-vm-stale");
  const old = new Date(Date.now() - 3_600_000);
  utimesSync(join(root, "lab-vm-stale"), old, old);
  make("other-dir", deadPid);
  pruneRunDirs(root);
  t.same(readdirSync(root).sort(), ["lab-vm-fresh", "lab-vm-live", "other-dir"]);
});

t.test("console logs: the newest N folders are kept", async (t) => {
  const root = t.testdir();
  for (const name of ["20260101T000000-a", "20260102T000000-b", "20260103T000000-c"])
    mkdirSync(join(root, name));
  pruneVmLogs(root, 2);
  t.same(readdirSync(root).sort(), ["20260102T000000-b", "20260103T000000-c"]);
});
