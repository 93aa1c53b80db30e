/**
 * Real boots of debian:6.1: through the CLI (`lab load --backend qemu`, `lab vm boot`), over each
 * arch's fallback channel (a second UART on x86_64, the one shared console on arm64) with results
 * equal to the virtio channel's, and the pool (backends of one kernel x arch share one VM; a full
 * pool makes a new kernel wait for a slot).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import t from "tap";
import { ARCHES } from "../../../lab/arch.js";
import type { Arch, LoadResult } from "../../../lab/backend.js";
import { encodeInsns } from "../../../lab/isa/insn.js";
import { createQemuBackend } from "../../../lab/kernel/qemu/backend.js";
import { VmPool } from "../../../lab/kernel/qemu/pool.js";
import { slurmDeviceProgram } from "../../../lab/programs/generators/slurm-device.js";
import { runLab } from "../../helpers/cli.js";
import { imageOrSkip, qemuSkipReason } from "./helpers/env.js";

const KERNEL = "debian:6.1";
const images = new Map<Arch, Awaited<ReturnType<typeof imageOrSkip>>>();
for (const arch of ["x86_64", "arm64"] as const) {
  const noQemu = qemuSkipReason(arch);
  images.set(arch, noQemu ? { skip: noQemu } : await imageOrSkip(KERNEL, arch));
}
const skipOf = (arch: Arch) => {
  const image = images.get(arch)!;
  return "skip" in image ? image.skip : false;
};

const DEVICES = [1, 30, 64];
const summary = (r: LoadResult) => ({
  verdict: r.verdict,
  errno: r.errno,
  stats: { ...r.stats, verificationTimeUs: 0 },
  statsSource: r.statsSource,
  log: r.log,
});

async function loadsOver(arch: Arch, channel: (typeof ARCHES)[Arch]["channelKinds"][number], pool: VmPool) {
  const backend = await createQemuBackend({ kernel: KERNEL, arch, channel, pool, label: "boottest" });
  try {
    const results = [];
    for (const devices of DEVICES) {
      const program = slurmDeviceProgram({ devices });
      results.push(summary(await backend.load({ program, logLevel: 1, logSize: 8192, statsReload: true })));
    }
    return { results, booted: backend.booted };
  } finally {
    await backend.close();
  }
}

t.test(
  "lab load --backend qemu prints the contract's JSON from a booted debian:6.1",
  { skip: skipOf("x86_64") },
  async (t) => {
    const prog = join(t.testdir(), "slurm30.bin");
    writeFileSync(prog, encodeInsns(slurmDeviceProgram({ devices: 30 }).insns));
    const args = ["load", prog, "--backend", "qemu", "--kernel", KERNEL, "--arch", "x86_64"];
    const run = runLab([...args, "--prog-type", "cgroup_device", "--log-size", "8192", "--json"]);
    t.equal(run.status, 1, `rejected: exit status 1 (${run.stderr})`);
    const result = JSON.parse(run.stdout);
    t.equal(result.backend, "qemu");
    t.same(result.kernel, { release: (images.get("x86_64") as { release: string }).release, arch: "x86_64" });
    t.equal(result.errno, "ENOSPC", "30 devices overflow Slurm's 8 KiB level-1 log");
    t.equal(result.statsSource, "reload");
    t.ok(result.stats.processed > 0, "the level-4 reload recovered the stats");
    t.match(result.diagnosis, [{ code: "LOG_OVERFLOW" }]);
  },
);

t.test("lab vm boot reports ready, the accel and a clean poweroff", { skip: skipOf("x86_64") }, async (t) => {
  const run = runLab(["vm", "boot", KERNEL, "--arch", "x86_64", "--json"]);
  t.equal(run.status, 0, run.stderr);
  const report = JSON.parse(run.stdout);
  t.ok(report.bootMs > 0);
  t.match(report.accel, /^(kvm|tcg)$/);
  t.equal(report.stoppedBy, "poweroff");
  t.equal(report.hello.machine, "x86_64");
  const print = runLab(["vm", "boot", KERNEL, "--arch", "arm64", "--print"]);
  t.equal(print.status, 0, print.stderr);
  t.match(print.stdout, /^qemu-system-aarch64 .*-machine virt .*-accel tcg /);
});

for (const arch of ["x86_64", "arm64"] as const) {
  const [preferred, fallback] = [ARCHES[arch].channelKinds[0]!, ARCHES[arch].channelKinds.at(-1)!];
  t.test(
    `${arch}: the fallback channel (${fallback}) answers as ${preferred} does`,
    { skip: skipOf(arch) },
    async (t) => {
      const pool = new VmPool(1);
      const viaVirtio = await loadsOver(arch, preferred, pool);
      const viaFallback = await loadsOver(arch, fallback, pool);
      t.same(
        viaFallback.results,
        viaVirtio.results,
        `${DEVICES.join(", ")} devices: same verdicts, logs and stats`,
      );
      t.equal(viaVirtio.booted.vm.stoppedBy, "poweroff");
      t.equal(viaFallback.booted.vm.stoppedBy, "poweroff");
      t.comment(
        `${arch} ready: ${preferred} ${Math.round(viaVirtio.booted.vm.bootMs!)} ms, ${fallback} ${Math.round(viaFallback.booted.vm.bootMs!)} ms`,
      );
    },
  );
}

t.test(
  "the pool: one VM per kernel x arch, a full pool waits for a slot",
  { skip: skipOf("x86_64") },
  async (t) => {
    const pool = new VmPool(1);
    const [a, b] = await Promise.all([
      createQemuBackend({ kernel: KERNEL, arch: "x86_64", pool, label: "pooltest" }),
      createQemuBackend({ kernel: KERNEL, arch: "x86_64", pool, label: "pooltest" }),
    ]);
    t.equal(a.booted, b.booted, "two backends, one boot");
    t.equal(pool.size, 1);
    const program = slurmDeviceProgram({ devices: 4 });
    const both = await Promise.all([a, b].map((x) => x.load({ program, logLevel: 1, logSize: 8192 })));
    t.same(
      both.map((r) => r.verdict),
      ["accepted", "accepted"],
      "requests of two backends share the VM",
    );
    let otherReady = false;
    const other = createQemuBackend({ kernel: KERNEL, arch: "x86_64", pool, label: "pooltest2" }).then(
      (x) => {
        otherReady = true;
        return x;
      },
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    t.equal(otherReady, false, "a second kernel waits while the only slot is taken");
    await a.close();
    t.equal(a.booted.vm.state, "ready", "the VM lives while a lease remains");
    await b.close();
    t.equal(a.booted.vm.state, "stopped", "the last release stops it");
    const c = await other;
    t.not(c.booted, a.booted);
    await c.close();
    t.equal(pool.size, 0);
  },
);

t.test(
  "faults: a request past its timeout, and QEMU dying under a ready VM",
  { skip: skipOf("x86_64") },
  async (t) => {
    const pool = new VmPool(2);
    const slow = await createQemuBackend({ kernel: KERNEL, arch: "x86_64", pool, label: "faulttest1" });
    const vm = slow.booted.vm;
    await t.rejects(
      vm.request(() => new Promise(() => {}), 300),
      { code: "KERNEL_AGENT_FAILED", message: /longer than 300 ms[\s\S]*console log: / },
      "the timeout names itself and points at the console log",
    );
    await vm.stop();
    t.equal(vm.state, "failed");
    t.equal(vm.fault, "a request took longer than 300 ms");
    t.not(vm.stoppedBy, "poweroff", "a faulted agent is not asked to power off");
    await slow.close();

    const dying = await createQemuBackend({ kernel: KERNEL, arch: "x86_64", pool, label: "faulttest2" });
    const { qmpCommand } = await import("../../../lab/kernel/qemu/qmp.js");
    await qmpCommand(dying.booted.vm.dirs.paths.qmp, "quit", 5000);
    for (let waited = 0; dying.booted.vm.state === "ready" && waited < 10_000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await dying.booted.vm.stop();
    t.equal(dying.booted.vm.state, "failed");
    t.match(dying.booted.vm.fault, /QEMU exited on its own/);
    t.equal(dying.booted.usable(), false);
    await t.rejects(dying.load({ program: slurmDeviceProgram({ devices: 1 }), logLevel: 1, logSize: 8192 }), {
      code: "KERNEL_AGENT_FAILED",
    });
    await dying.close();
    t.equal(pool.size, 0);
  },
);
