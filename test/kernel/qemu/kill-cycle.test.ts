/**
 * No QEMU outlives the lab: 100 cycles of "a lab process boots a VM, and is SIGKILLed at a random
 * moment (seeded, 0..3 s)", then no qemu-system-* process carrying the cycle's marker is left.
 * And Ctrl-C (SIGINT) to a lab with a ready VM stops it cleanly.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import t from "tap";
import { hostArch } from "../../../lab/arch.js";
import { REPO_ROOT } from "../../helpers/cli.js";
import { imageOrSkip, qemuProcessesWith, qemuSkipReason } from "./helpers/env.js";

const CYCLES = 100;
const PARALLEL = 2;
const MAX_DELAY_MS = 3000;
const VICTIM = join(REPO_ROOT, "test", "kernel", "qemu", "helpers", "boot-forever.mjs");
const arch = hostArch();
const noQemu = qemuSkipReason(arch);
const image = noQemu ? { skip: noQemu } : await imageOrSkip("debian:6.1", arch);
const skip = "skip" in image ? image.skip : false;

/** mulberry32: a small seeded PRNG, so a failing cycle can be replayed */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

function startVictim(label: string): ChildProcess {
  if ("skip" in image) throw new Error("no image");
  return spawn(process.execPath, [VICTIM, arch, image.kernelPath, image.initramfsPath, label], {
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, LAB_VM_LIMIT: "4" },
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function gone(marker: string, withinMs: number): Promise<boolean> {
  for (let waited = 0; waited <= withinMs; waited += 50) {
    if (qemuProcessesWith(marker).length === 0) return true;
    await sleep(50);
  }
  return false;
}

t.test(`${CYCLES} boot-and-SIGKILL cycles leave no QEMU`, { skip }, async (t) => {
  const random = prng(20261123);
  const delays = Array.from({ length: CYCLES }, () => Math.floor(random() * MAX_DELAY_MS));
  const run = `killcycle${process.pid}`;
  let liveAtKill = 0;
  let leaked = 0;
  const cycle = async (i: number) => {
    const marker = `${run}x${i}`;
    const child = startVictim(marker);
    const exited = new Promise((resolve) => child.once("exit", resolve));
    await sleep(delays[i]!);
    if (qemuProcessesWith(marker).length > 0) liveAtKill++;
    child.kill("SIGKILL");
    await exited;
    if (!(await gone(marker, 5000))) {
      leaked++;
      t.fail(
        `cycle ${i} (killed after ${delays[i]} ms): QEMU ${qemuProcessesWith(marker).join(",")} outlived the lab`,
      );
    }
  };
  const queue = Array.from({ length: CYCLES }, (_, i) => i);
  await Promise.all(
    Array.from({ length: PARALLEL }, async () => {
      for (let i = queue.shift(); i !== undefined; i = queue.shift()) await cycle(i);
    }),
  );
  t.equal(leaked, 0, "no cycle leaked a QEMU");
  t.same(qemuProcessesWith(run), [], "no QEMU of this run is left at the end");
  t.ok(liveAtKill >= CYCLES / 4, `QEMU was running at the kill in ${liveAtKill} of ${CYCLES} cycles`);
});

t.test("SIGINT (Ctrl-C) to a lab with a ready VM stops it cleanly", { skip }, async (t) => {
  const marker = `sigint${process.pid}`;
  const child = startVictim(marker);
  let out = "";
  child.stdout!.on("data", (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<[number | null, string | null]>((resolve) =>
    child.once("exit", (code, signal) => resolve([code, signal])),
  );
  for (let waited = 0; !out.includes("ready") && waited < 120_000; waited += 100) await sleep(100);
  t.match(out, /^ready \d+/, "the VM reached ready");
  t.equal(qemuProcessesWith(marker).length, 1, "one QEMU runs");
  child.kill("SIGINT");
  const [code, signal] = await exited;
  t.same([code, signal], [null, "SIGINT"], "the lab stopped its VM, then died of the signal");
  t.same(qemuProcessesWith(marker), [], "no QEMU left");
});
