/**
 * The model against real Debian kernels under QEMU (x86_64, and arm64 for 6.1; one boot each): the Slurm
 * cgroup_device program at 1..64 devices with Slurm's own load (level 1, 8 KiB log), plus level 2
 * and large logs for a few counts. Verdict, errno, log bytes, log_true_size and the stats must be
 * equal. Skipped with the reason when QEMU or the kernel image cannot be had here.
 */
import t from "tap";
import type { Arch, LoadRequest, LoadResult } from "../../lab/backend.js";
import { createQemuBackend } from "../../lab/kernel/qemu/backend.js";
import { createModelBackend } from "../../lab/model/backend.js";
import { slurmDeviceProgram } from "../../lab/programs/generators/slurm-device.js";
import { imageOrSkip, qemuSkipReason } from "../kernel/qemu/helpers/env.js";
import { generator, programOf } from "./helpers/random-programs.js";

const KERNELS: Array<[string, Arch]> = [
  ["debian:5.10", "x86_64"],
  ["debian:6.1", "x86_64"],
  ["debian:6.12", "x86_64"],
  ["debian:6.1", "arm64"],
];

function requests(): LoadRequest[] {
  const out: LoadRequest[] = [];
  const add = (devices: number, logLevel: number, logSize: number) =>
    out.push({ program: slurmDeviceProgram({ devices }), logLevel, logSize, statsReload: false });
  for (let n = 1; n <= 64; n++) add(n, 1, 8192);
  for (const n of [1, 2, 3, 8, 23, 64]) add(n, 2, 16 << 20);
  for (const n of [3, 23]) add(n, 2, 8192);
  for (const n of [23, 64]) add(n, 1, 16 << 20);
  return out;
}

const same = (h: LoadResult, m: LoadResult): boolean =>
  h.verdict === m.verdict &&
  h.errno === m.errno &&
  h.log === m.log &&
  // kernels before 6.4 do not report the size they needed; the model always does
  (h.logTrueSize === null || h.logTrueSize === m.logTrueSize) &&
  (h.stats.processed === null || h.stats.processed === m.stats.processed) &&
  (h.stats.totalStates === null || h.stats.totalStates === m.stats.totalStates) &&
  (h.stats.peakStates === null || h.stats.peakStates === m.stats.peakStates);

for (const [kernel, arch] of KERNELS) {
  const noQemu = qemuSkipReason(arch);
  const image = noQemu ? { skip: noQemu } : await imageOrSkip(kernel, arch);
  const skip = "skip" in image ? image.skip : false;
  t.test(`Slurm device program: model equals ${kernel} ${arch}`, { skip }, async (t) => {
    const vm = await createQemuBackend({ kernel, arch, label: "modeltest" });
    t.teardown(() => vm.close());
    const release = (await vm.identity()).release;
    const model = await createModelBackend({ kernel: release, arch });
    const diverged: string[] = [];
    for (const request of requests()) {
      const [h, m] = [await vm.load(request), await model.load(request)];
      if (!same(h, m))
        diverged.push(
          `${request.program.insns.length} insns, level ${request.logLevel}, ${request.logSize} bytes`,
        );
    }
    t.same(diverged, [], `${release} (${(await model.identity()).profile}): Slurm loads answer as the model`);
    if (arch !== "x86_64") return; // the random programs once per kernel
    const next = generator(20261123);
    const randomDiverged: number[] = [];
    for (let i = 0; i < 50; i++) {
      const request = { program: programOf(next(), i), logLevel: 2, logSize: 1 << 22, statsReload: false };
      const [h, m] = [await vm.load(request), await model.load(request)];
      if (h.verdict !== m.verdict || h.errno !== m.errno || h.log !== m.log) randomDiverged.push(i);
    }
    t.same(randomDiverged, [], `${release}: 50 random scalar programs answer as the model at level 2`);
  });
}
