/**
 * Done-when: in a real cgroup v2 on the host, a device the Slurm program denies cannot be opened
 * (EPERM), one it allows can, and with no program attached (what slurmstepd is left with when the
 * load fails) the devices meant to be denied open. Nothing is left behind.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import t from "tap";
import type { DeviceSpec } from "../../../lab/kernel/agent/session.js";
import { createHostBackend } from "../../../lab/kernel/host/backend.js";
import { slurmDeviceProgram } from "../../../lab/programs/generators/slurm-device.js";
import { hostSkipReason } from "../helpers/agent.js";

const skip = hostSkipReason();

function cgroup2(): string {
  const line = readFileSync("/proc/self/mountinfo", "utf8")
    .split("\n")
    .find((l) => / - cgroup2 /.test(l));
  return line!.split(" ")[4]!;
}

/** Probe cgroups of one agent (other tests' agents may be probing at the same time). */
const labCgroups = (pid: number) => readdirSync(cgroup2()).filter((n) => n.startsWith(`lab-probe-${pid}-`));

t.test("cgroup device probe on the host's cgroup v2", { skip }, async (t) => {
  const tmp = mkdtempSync(join(tmpdir(), "lab-probe-test-"));
  process.env.TMPDIR = tmp; // the agent makes its nodes under TMPDIR
  const backend = await createHostBackend();
  t.teardown(async () => {
    await backend.close();
    rmSync(tmp, { recursive: true, force: true });
  });
  // Slurm's GPU case: 4 GPUs, the job may use 0 and 2; plus /dev/null allowed and /dev/zero denied
  const program = slurmDeviceProgram({
    devices: ["c 195:0 allow", "c 195:1 deny", "c 195:2 allow", "c 195:3 deny", "c 1:3 allow", "c 1:5 deny"],
  });
  const devices: DeviceSpec[] = [
    { type: "c", major: 195, minor: 0 },
    { type: "c", major: 195, minor: 1 },
    { type: "c", major: 195, minor: 3, access: "rw" },
    { type: "c", major: 1, minor: 3 },
    { type: "c", major: 1, minor: 5 },
    { type: "c", major: 1, minor: 7 },
  ];
  const request = { program, logLevel: 1, logSize: 8192 };
  const withProg = await backend.probeDevices(request, devices);
  t.equal(withProg.load?.verdict, "accepted");
  t.equal(withProg.attached, true);
  t.same(
    withProg.devices.map((d) => [`${d.major}:${d.minor}`, d.allowed, d.allowed ? "" : d.errno]),
    [
      ["195:0", true, ""],
      ["195:1", false, "EPERM"],
      ["195:3", false, "EPERM"],
      ["1:3", true, ""],
      ["1:5", false, "EPERM"],
      ["1:7", true, ""],
    ],
    "denied devices fail with EPERM, the rest open",
  );
  t.equal(withProg.devices[3]!.errno, null, "/dev/null (1:3) really opened");
  t.not(
    withProg.devices[0]!.errno,
    "EPERM",
    `195:0 has no driver here, still allowed (${withProg.devices[0]!.errno})`,
  );

  const none = await backend.probeDevices(null, devices);
  t.equal(none.attached, false);
  t.same(
    none.devices.map((d) => d.allowed),
    devices.map(() => true),
    "with no program attached every device, the denied ones too, opens",
  );
  t.equal(none.devices[4]!.errno, null, "/dev/zero opens without the program");

  const denyAll = await backend.probeDevices(
    { program: slurmDeviceProgram({ devices: 2, defaultAction: "deny" }), logLevel: 0, logSize: 0 },
    [
      { type: "c", major: 1, minor: 3 },
      { type: "b", major: 7, minor: 0 },
    ],
  );
  t.same(
    denyAll.devices.map((d) => d.errno),
    ["EPERM", "EPERM"],
    "default deny: unlisted devices are refused",
  );

  t.same(labCgroups(backend.agentPid), [], "no probe cgroup is left under the cgroup2 mount");
  t.same(readdirSync(tmp), [], "no device nodes are left in TMPDIR");
});

t.test(
  "a failed load attaches nothing, and the job opens what it should not (Slurm on 5.15.127)",
  { skip },
  async (t) => {
    const backend = await createHostBackend();
    t.teardown(() => backend.close());
    const program = slurmDeviceProgram({
      devices: ["c 1:5 deny", ...Array.from({ length: 39 }, (_, i) => `c 195:${i}`)],
    });
    const r = await backend.probeDevices({ program, logLevel: 1, logSize: 8192 }, [
      { type: "c", major: 1, minor: 5 },
    ]);
    t.equal(r.load?.errno, "ENOSPC");
    t.equal(r.attached, false);
    t.match(r.devices, [{ major: 1, minor: 5, allowed: true, errno: null }], "the denied /dev/zero opens");
  },
);
