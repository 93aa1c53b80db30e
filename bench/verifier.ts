/**
 * The model's verification time beside the host kernel's own, for the Slurm device program:
 * model = median of 30 in-process bpfCheck runs after 5 warm-ups; kernel = median of 30 level-4
 * loads' `verification time N usec`. Prints one row per device count and the ratio model/kernel.
 *
 *   node dist/bench/verifier.js [devices...]     (default 8 32 64 128 256; the kernel column needs root)
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

function modelMedianUs(devices: number): number {
  const { insns } = slurmDeviceProgram({ devices });
  const times: number[] = [];
  for (let i = 0; i < 35; i++) {
    const start = performance.now();
    bpfCheck({ insns, progType: "cgroup_device", logLevel: 4, logSize: 1 << 20 });
    if (i >= 5) times.push((performance.now() - start) * 1000);
  }
  return median(times);
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
  console.log("devices  model_us  kernel_us  model/kernel");
  for (const n of devices) {
    const model = modelMedianUs(n);
    const kernel = host ? await kernelMedianUs(host, n) : null;
    const ratio = kernel ? (model / kernel).toFixed(2) : "-";
    console.log(
      `${String(n).padStart(7)}  ${model.toFixed(0).padStart(8)}  ${String(kernel ?? "-").padStart(9)}  ${ratio.padStart(12)}`,
    );
  }
  await host?.close();
}

await main();
