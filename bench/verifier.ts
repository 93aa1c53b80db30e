/**
 * The model's verification time beside the host kernel's own, for the Slurm device program:
 * model = median of 30 in-process bpfCheck runs after 5 warm-ups; kernel = median of 30 level-4
 * loads' `verification time N usec`. Prints one row per device count and the ratio model/kernel.
 *
 *   node dist/bench/verifier.js [devices...]     (default 8 32 64 128 256; the kernel column needs root)
 * The model columns are the wall and CPU time of bpfCheck at log level 4 (the stats line, no per-insn
 * log); on a loaded machine the CPU figure is the steadier one.
 */
import { performance } from "node:perf_hooks";
import type { Backend } from "../lab/backend.js";
import { openBackend } from "../lab/backends.js";
import { hostUnavailableReason } from "../lab/kernel/host/backend.js";
import { bpfCheck } from "../lab/model/verifier/bpf-check.js";
import { slurmDeviceProgram } from "../lab/programs/generators/slurm-device.js";

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

/** Median wall and CPU microseconds of 30 runs after 5 warm-ups. */
function modelMedianUs(devices: number): { wall: number; cpu: number } {
  const { insns } = slurmDeviceProgram({ devices });
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < 35; i++) {
    const c0 = process.cpuUsage();
    const start = performance.now();
    bpfCheck({ insns, progType: "cgroup_device", logLevel: 4, logSize: 1 << 20 });
    const elapsed = (performance.now() - start) * 1000;
    const c = process.cpuUsage(c0);
    if (i >= 5) {
      wall.push(elapsed);
      cpu.push(c.user + c.system);
    }
  }
  return { wall: median(wall), cpu: median(cpu) };
}

async function kernelMedianUs(host: Backend, devices: number): Promise<number | null> {
  const program = slurmDeviceProgram({ devices });
  const times: number[] = [];
  for (let i = 0; i < 30; i++) {
    const r = await host.load({ program, logLevel: 4, logSize: 1 << 20, statsReload: false });
    const m = /verification time (\d+) usec/.exec(r.log);
    if (m) times.push(Number(m[1]));
  }
  return times.length ? median(times) : null;
}

async function main(): Promise<void> {
  const counts = process.argv.slice(2).map(Number);
  const devices = counts.length ? counts : [8, 32, 64, 128, 256];
  const reason = hostUnavailableReason();
  const host = reason ? null : await openBackend("host", {});
  if (reason) console.log(`kernel column skipped: ${reason}`);
  // one untimed round over every size first, so that V8 has compiled the verifier's hot paths
  // (the kernel's code is compiled ahead of time); then 5 warm-ups and 30 timed runs per size
  for (const n of devices) modelMedianUs(n);
  console.log("devices  model_us  model_cpu_us  kernel_us  model/kernel  model_cpu/kernel");
  for (const n of devices) {
    const model = modelMedianUs(n);
    const kernel = host ? await kernelMedianUs(host, n) : null;
    const ratio = kernel ? (model.wall / kernel).toFixed(2) : "-";
    const cpuRatio = kernel ? (model.cpu / kernel).toFixed(2) : "-";
    console.log(
      `${String(n).padStart(7)}  ${model.wall.toFixed(0).padStart(8)}  ${model.cpu.toFixed(0).padStart(12)}  ${String(kernel ?? "-").padStart(9)}  ${ratio.padStart(12)}  ${cpuRatio.padStart(16)}`,
    );
  }
  await host?.close();
}

await main();
