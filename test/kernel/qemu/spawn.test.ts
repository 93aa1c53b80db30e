/**
 * The reaper of lab/kernel/qemu/spawn.ts, with `sleep` standing in for QEMU (the kill-cycle test
 * does it with QEMU): the group dies with the lab, even when the lab is SIGKILLed.
 */
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import t from "tap";
import { spawnQemu } from "../../../lab/kernel/qemu/spawn.js";
import { REPO_ROOT } from "../../helpers/cli.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Members of a process group that are not zombies (a zombie waits for init to reap it). */
function liveMembers(pgid: number): number[] {
  const pids: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, "utf8");
    } catch {
      continue;
    }
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(pgrp) === pgid && state !== "Z") pids.push(Number(name));
  }
  return pids;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

t.test("the process and its reaper share a new group; signalling it ends both", async (t) => {
  const proc = spawnQemu(["sleep", "1000"]);
  t.ok(proc.pgid > 0);
  await sleep(100);
  t.ok(alive(-proc.pgid), "the group exists");
  t.equal(proc.signal("SIGTERM"), true);
  const exit = await proc.exited;
  t.ok(exit.signal === "SIGTERM" || exit.code !== 0, "the reaper went down with the group");
  t.equal(proc.hasExited(), true);
  t.equal(proc.signal("SIGKILL"), false, "nothing left to signal");
});

t.test("the reaper passes the exit status through and keeps stderr", async (t) => {
  const proc = spawnQemu(["sh", "-c", "echo oops >&2; exit 3"]);
  t.same(await proc.exited, { code: 3, signal: null });
  t.equal(proc.stderrTail().trim(), "oops");
});

t.test("a SIGKILLed parent leaves no child behind", async (t) => {
  const marker = `reaper-test-${process.pid}`;
  const script = `
    import { spawnQemu } from ${JSON.stringify(join(REPO_ROOT, "dist", "lab", "kernel", "qemu", "spawn.js"))};
    const p = spawnQemu(["sh", "-c", "exec sleep 1000 # ${marker}"]);
    console.log(p.pgid);
    setInterval(() => {}, 1000);`;
  const parent = spawn(process.execPath, ["--input-type=module", "-e", script], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const pgid = await new Promise<number>((resolve) =>
    parent.stdout!.once("data", (d: Buffer) => resolve(Number(d.toString()))),
  );
  await sleep(200);
  t.equal(liveMembers(pgid).length, 3, "the reaper, its watcher and the child run while the parent lives");
  parent.kill("SIGKILL");
  let waited = 0;
  while (liveMembers(pgid).length > 0 && waited < 3000) {
    await sleep(10);
    waited += 10;
  }
  t.same(liveMembers(pgid), [], `the group was gone ${waited} ms after the parent's SIGKILL`);
});

t.test("a missing binary is KERNEL_QEMU_MISSING, naming it", async (t) => {
  t.throws(() => spawnQemu(["qemu-system-nonesuch", "-version"]), {
    code: "KERNEL_QEMU_MISSING",
    where: { value: "qemu-system-nonesuch" },
  });
});
