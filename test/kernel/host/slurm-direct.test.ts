/**
 * Done-when of the host backend: the Slurm cgroup/v2 device program at 1..64 devices, log level 1,
 * 8 KiB log. The lab's verdict, errno, log size and stats equal those of an independent direct
 * bpf() call (test/fixtures/direct-load, its own attr layout and its own stats parsing), made in
 * the same run. Where the 8 KiB log overflows (ENOSPC) both recover the stats with a level-4 reload.
 */
import { spawnSync } from "node:child_process";
import t from "tap";
import { encodeInsns } from "../../../lab/isa/insn.js";
import { progTypeNumber } from "../../../lab/isa/kernel-enums.js";
import { createHostBackend } from "../../../lab/kernel/host/backend.js";
import { slurmDeviceProgram } from "../../../lab/programs/generators/slurm-device.js";
import { buildDirectLoad, hostSkipReason } from "../helpers/agent.js";

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

const skip = hostSkipReason();

t.test("Slurm program at 1..64 devices: lab host backend == direct bpf()", { skip }, async (t) => {
  const direct = await buildDirectLoad();
  const backend = await createHostBackend();
  t.teardown(() => backend.close());
  let overflowed = 0;
  for (let devices = 1; devices <= 64; devices++) {
    const program = slurmDeviceProgram({ devices });
    const lab = await backend.load({ program, logLevel: 1, logSize: 8192, statsReload: true });
    const run = spawnSync(
      direct,
      [
        "--prog-type",
        String(progTypeNumber("cgroup_device")),
        "--log-level",
        "1",
        "--log-size",
        "8192",
        "--reload",
      ],
      { input: encodeInsns(program.insns), encoding: "utf8" },
    );
    const d = JSON.parse(run.stdout) as Direct;
    const want = d.reload ?? d;
    const got = {
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
    };
    t.same(
      got,
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
      `${devices} devices`,
    );
    if (lab.errno === "ENOSPC") {
      overflowed++;
      t.not(lab.stats.processed, null, `${devices} devices: the reload recovered the stats`);
      t.match(lab.diagnosis, [{ code: "LOG_OVERFLOW" }]);
    }
  }
  t.ok(overflowed > 0, `the 8 KiB log overflowed for ${overflowed} of 64 device counts`);
});

t.test("statsReload off leaves what the log had", { skip }, async (t) => {
  const backend = await createHostBackend();
  t.teardown(() => backend.close());
  const program = slurmDeviceProgram({ devices: 64 });
  const r = await backend.load({ program, logLevel: 1, logSize: 8192, statsReload: false });
  t.equal(r.errno, "ENOSPC");
  t.not(r.statsSource, "reload");
  const quiet = await backend.load({ program, logLevel: 0, logSize: 0, statsReload: true });
  t.equal(quiet.verdict, "accepted");
  t.equal(quiet.statsSource, "reload", "level 0 has no stats line: reloaded at level 4");
  t.ok(quiet.stats.verificationTimeUs !== null, "the level-4 reload carries the verification time");
  t.equal(quiet.logTrueSize, null, "no log asked, no true size");
});
