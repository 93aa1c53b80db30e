/**
 * What the agent channel costs on top of the kernel: for the Slurm device program, the median
 * round trip of a `load` through the host backend's agent (stdin/stdout) beside the median time
 * the agent measured around bpf() itself, and the median per-load difference: the protocol's
 * overhead (framing, base64, pipes, the log buffer's allocation).
 * Also the hello round trip. Needs root.
 *
 *   node dist/bench/agent.js [devices...]     (default 1 8 64 256; 50 loads each after 5 warm-ups)
 */

import { spawn } from "node:child_process";
import { performance } from "node:perf_hooks";
import { buildAgent } from "../images/agent/build.js";
import { hostArch } from "../lab/arch.js";
import { encodeInsns } from "../lab/isa/insn.js";
import { AgentClient } from "../lab/kernel/agent/client.js";
import { hostUnavailableReason } from "../lab/kernel/host/backend.js";
import { slurmDeviceProgram } from "../lab/programs/generators/slurm-device.js";

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const reason = hostUnavailableReason();
  if (reason) {
    console.log(`skipped: ${reason}`);
    return;
  }
  const child = spawn(await buildAgent(hostArch()), [], { stdio: ["pipe", "pipe", "inherit"] });
  const client = new AgentClient(child.stdout!, child.stdin!);
  const hellos: number[] = [];
  for (let i = 0; i < 55; i++) {
    const t0 = performance.now();
    await client.hello();
    if (i >= 5) hellos.push((performance.now() - t0) * 1000);
  }
  console.log(
    `hello round trip (one bpf() probe; the prog-type probe is cached after the first hello): ${median(hellos).toFixed(0)} us`,
  );
  console.log("devices  level  round-trip-us  bpf()-us  overhead-us");
  const counts = process.argv.slice(2).map(Number);
  for (const devices of counts.length ? counts : [1, 8, 64, 256]) {
    const insns = encodeInsns(slurmDeviceProgram({ devices }).insns);
    for (const [logLevel, logSize] of [
      [0, 0],
      [1, 1 << 20],
    ] as const) {
      const trips: number[] = [];
      const kernel: number[] = [];
      const extra: number[] = [];
      for (let i = 0; i < 55; i++) {
        const t0 = performance.now();
        const r = await client.load({ progType: 15, insns, license: "GPL", logLevel, logSize });
        const dt = (performance.now() - t0) * 1000;
        if (r.fd >= 0) await client.close([r.fd]);
        if (i >= 5) {
          trips.push(dt);
          kernel.push(r.durationNs / 1000);
          extra.push(dt - r.durationNs / 1000);
        }
      }
      const rt = median(trips);
      const k = median(kernel);
      const over = median(extra);
      console.log(
        `${String(devices).padStart(7)}  ${String(logLevel).padStart(5)}  ${rt.toFixed(0).padStart(13)}  ${k.toFixed(0).padStart(8)}  ${over.toFixed(0).padStart(11)}`,
      );
    }
  }
  await client.poweroff();
}

await main();
