/**
 * Done-when of the qemu backend: the Slurm cgroup/v2 device program at 1..64 devices (log level 1,
 * 8 KiB log, as Slurm 22.05 loads it) in ONE boot per kernel, on Debian 5.10, 6.1 and 6.12 x86_64
 * and 6.1 arm64. Every lab result equals what the independent direct loader
 * (test/fixtures/direct-load) returned in the same guest, before the agent started
 * (test/kernel/qemu/helpers/direct-layer.ts).
 */
import t from "tap";
import type { Arch } from "../../../lab/backend.js";
import { encodeInsns } from "../../../lab/isa/insn.js";
import { progTypeNumber } from "../../../lab/isa/kernel-enums.js";
import { createQemuBackend } from "../../../lab/kernel/qemu/backend.js";
import { slurmDeviceProgram } from "../../../lab/programs/generators/slurm-device.js";
import { directResults, withDirectLayer } from "./helpers/direct-layer.js";
import { imageOrSkip, qemuSkipReason } from "./helpers/env.js";

interface DirectStats {
  processed: number | null;
  total_states: number | null;
  peak_states: number | null;
  max_states_per_insn: number | null;
  mark_read: number | null;
}
interface Direct extends DirectStats {
  ok: boolean;
  errno: string | null;
  log_len: number;
  log_true_size: number | null;
  reload: DirectStats | null;
}

const COUNTS = Array.from({ length: 64 }, (_, i) => i + 1);
const ARGS = [
  "--prog-type",
  String(progTypeNumber("cgroup_device")),
  "--log-level",
  "1",
  "--log-size",
  "8192",
  "--reload",
];
const CELLS: Array<[string, Arch]> = [
  ["debian:5.10", "x86_64"],
  ["debian:6.1", "x86_64"],
  ["debian:6.12", "x86_64"],
  ["debian:6.1", "arm64"],
];

for (const [kernel, arch] of CELLS) {
  const noQemu = qemuSkipReason(arch);
  const image = noQemu ? { skip: noQemu } : await imageOrSkip(kernel, arch);
  const name = `${kernel} ${arch}: Slurm 1..64 devices, lab == direct loader in the same guest`;
  t.test(name, { skip: "skip" in image ? image.skip : false }, async (t) => {
    if ("skip" in image) return;
    const programs = COUNTS.map((n) => ({ n, program: slurmDeviceProgram({ devices: n }) }));
    const initramfsPath = await withDirectLayer(
      arch,
      image.initramfsPath,
      programs.map(({ n, program }) => ({
        name: `slurm-${n}`,
        insns: encodeInsns(program.insns),
        args: ARGS,
      })),
      t.testdir(),
    );
    const backend = await createQemuBackend({
      kernel,
      arch,
      label: "slurm-direct",
      resolve: async () => ({ ...image, initramfsPath }),
    });
    t.teardown(() => backend.close());
    const direct = directResults(backend.booted.vm.consolePath);
    t.equal(direct.size, 64, "the direct loader ran every program in this boot");
    t.equal((await backend.identity()).release, image.release);
    let overflowed = 0;
    for (const { n, program } of programs) {
      const lab = await backend.load({ program, logLevel: 1, logSize: 8192, statsReload: true });
      const d = direct.get(`slurm-${n}`) as Direct;
      const want = d.reload ?? d;
      t.same(
        {
          verdict: lab.verdict,
          errno: lab.errno,
          logBytes: Buffer.byteLength(lab.log),
          logTrueSize: lab.logTrueSize,
          statsSource: lab.statsSource,
          processed: lab.stats.processed,
          totalStates: lab.stats.totalStates,
          peakStates: lab.stats.peakStates,
          maxStatesPerInsn: lab.stats.maxStatesPerInsn,
          markRead: lab.stats.markRead,
        },
        {
          verdict: d.ok ? "accepted" : "rejected",
          errno: d.errno,
          logBytes: d.log_len,
          logTrueSize: d.log_true_size,
          statsSource: d.reload ? "reload" : "log",
          processed: want.processed,
          totalStates: want.total_states,
          peakStates: want.peak_states,
          maxStatesPerInsn: want.max_states_per_insn,
          markRead: want.mark_read,
        },
        `${kernel} ${arch}, ${n} devices`,
      );
      if (lab.errno === "ENOSPC") overflowed++;
    }
    t.ok(overflowed > 0, `the 8 KiB log overflowed for ${overflowed} of 64 device counts`);
    t.equal(backend.booted.vm.bootMs !== null, true);
    t.comment(
      `${kernel} ${arch}: ready in ${Math.round(backend.booted.vm.bootMs!)} ms under ${backend.booted.accel}`,
    );
    await backend.close();
    t.equal(backend.booted.vm.state, "stopped", "one boot served all 64 programs and stopped cleanly");
  });
}
