/**
 * What a QEMU VM costs: boot-to-ready (QEMU start to the agent's hello on the channel) and the
 * per-load overhead of the qemu backend (wall time of one `load` of the Slurm program minus the
 * guest kernel's own `verification time` from its level-4 log), for x86_64 and arm64 under TCG,
 * and under KVM where it works here, beside the floors of issue 7.
 *
 *   node dist/bench/boot.js [--kernel debian:6.1] [--arch x86_64,arm64] [--boots 3] [--loads 15] [--devices 8]
 */
import { readdirSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { ARCH_NAMES } from "../lab/arch.js";
import type { Arch } from "../lab/backend.js";
import { accelEnv, kvmImpossible, readAccelCache } from "../lab/kernel/qemu/accel.js";
import type { Accel } from "../lab/kernel/qemu/argv.js";
import { createQemuBackend, resolveBootImage } from "../lab/kernel/qemu/backend.js";
import { VmPool } from "../lab/kernel/qemu/pool.js";
import { slurmDeviceProgram } from "../lab/programs/generators/slurm-device.js";

const FLOORS: Record<Arch, { readyMs: number }> = { x86_64: { readyMs: 4000 }, arm64: { readyMs: 10_000 } };
const OVERHEAD_FLOOR_MS = 20;

/** CPU time (user + system, ms) QEMU has used so far: on a shared machine, a steadier figure than wall time. */
function qemuCpuMs(pgid: number | null): number {
  let ticks = 0;
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      if (!stat.includes("(qemu-system")) continue;
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) !== pgid) continue;
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {}
  }
  return ticks * 10; // USER_HZ is 100 on Linux
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

interface Row {
  arch: Arch;
  accel: Accel;
  readyMs: number[];
  readyCpuMs: number[];
  loadWallMs: number[];
  verifyMs: number[];
}

async function measure(
  kernel: string,
  arch: Arch,
  accel: Accel,
  boots: number,
  loads: number,
  devices: number,
) {
  const image = await resolveBootImage(kernel, arch);
  const row: Row = { arch, accel, readyMs: [], readyCpuMs: [], loadWallMs: [], verifyMs: [] };
  const program = slurmDeviceProgram({ devices });
  for (let boot = 0; boot < boots; boot++) {
    const backend = await createQemuBackend({
      kernel,
      arch,
      accel,
      label: "bench",
      pool: new VmPool(1),
      resolve: async () => image,
    });
    try {
      row.readyMs.push(backend.booted.vm.bootMs!);
      row.readyCpuMs.push(qemuCpuMs(backend.booted.vm.pgid));
      await backend.load({ program, logLevel: 4, logSize: 1 << 20, statsReload: false }); // warm-up
      for (let i = 0; i < loads; i++) {
        const t0 = performance.now();
        const result = await backend.load({ program, logLevel: 4, logSize: 1 << 20, statsReload: false });
        row.loadWallMs.push(performance.now() - t0);
        row.verifyMs.push((result.stats.verificationTimeUs ?? Number.NaN) / 1000);
      }
    } finally {
      await backend.close();
    }
  }
  return { row, release: image.release };
}

function report(row: Row, release: string): string {
  const ready = median(row.readyMs);
  const overheads = row.loadWallMs.map((wall, i) => wall - row.verifyMs[i]!);
  const overhead = median(overheads);
  const floor = FLOORS[row.arch].readyMs;
  const mark = (ok: boolean) => (ok ? "ok  " : "OVER");
  return [
    `${row.arch.padEnd(7)} ${row.accel.padEnd(4)} ${release.padEnd(24)}`,
    `ready ${ready.toFixed(0).padStart(6)} ms (min ${Math.min(...row.readyMs).toFixed(0)}, floor <= ${floor}) ${mark(ready <= floor)}`,
    `QEMU cpu to ready ${median(row.readyCpuMs).toFixed(0).padStart(5)} ms`,
    `load ${median(row.loadWallMs).toFixed(1).padStart(6)} ms - verify ${median(row.verifyMs).toFixed(1).padStart(6)} ms`,
    `= overhead ${overhead.toFixed(1).padStart(5)} ms (floor <= ${OVERHEAD_FLOOR_MS}) ${mark(overhead <= OVERHEAD_FLOOR_MS)}`,
  ].join("  ");
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      kernel: { type: "string", default: "debian:6.1" },
      arch: { type: "string", default: ARCH_NAMES.join(",") },
      boots: { type: "string", default: "3" },
      loads: { type: "string", default: "15" },
      devices: { type: "string", default: "8" },
    },
  });
  const arches = values.arch.split(",") as Arch[];
  const env = accelEnv();
  const [load1] = readFileSync("/proc/loadavg", "utf8").split(" ");
  console.log(
    `load average ${load1} on ${availableParallelism()} cores (wall times stretch when it exceeds them)`,
  );
  console.log(
    `boot-to-ready = QEMU start to the agent's hello; overhead = wall time of one load (level 4, Slurm ${values.devices} devices) minus the guest's own verification time`,
  );
  for (const arch of arches) {
    const accels: Accel[] = ["tcg"];
    const cached = readAccelCache(env.cacheRoot, arch);
    if (!kvmImpossible(arch, env) && cached?.kvm !== false) accels.push("kvm");
    else console.log(`${arch}: no KVM run (${kvmImpossible(arch, env) ?? cached?.reason})`);
    for (const accel of accels) {
      try {
        const { row, release } = await measure(
          values.kernel,
          arch,
          accel,
          Number(values.boots),
          Number(values.loads),
          Number(values.devices),
        );
        console.log(report(row, release));
      } catch (error) {
        console.log(`${arch} ${accel}: failed: ${(error as Error).message.split("\n")[0]}`);
      }
    }
  }
}

await main();
