/** The host backend's Backend surface beyond the Slurm comparison: identity, info, maps, test runs, memlock, errors, close. */
import { existsSync } from "node:fs";
import { release } from "node:os";
import t from "tap";
import { hostArch } from "../../../lab/arch.js";
import { insn } from "../../../lab/isa/insn.js";
import { createHostBackend } from "../../../lab/kernel/host/backend.js";
import type { Program } from "../../../lab/program.js";
import { slurmDeviceProgram } from "../../../lab/programs/generators/slurm-device.js";
import { hostSkipReason } from "../helpers/agent.js";

const skip = hostSkipReason();

function program(over: Partial<Program>): Program {
  return {
    name: "test prog",
    insns: [insn(0xb7, 0, 0, 0, 7), insn(0x95, 0, 0, 0, 0)],
    progType: "socket_filter",
    expectedAttachType: null,
    license: "GPL",
    maps: [],
    relocations: [],
    source: { origin: "test", format: "generator" },
    ...over,
  };
}

t.test("host backend", { skip }, async (t) => {
  const backend = await createHostBackend();
  t.teardown(() => backend.close());
  t.same(await backend.identity(), { release: release(), arch: hostArch() });

  const slurm = slurmDeviceProgram({ devices: 8 });
  const withInfo = await backend.load({ program: slurm, logLevel: 0, logSize: 0, wantInfo: true });
  t.equal(withInfo.info!.xlated!.length, slurm.insns.length * 8, "xlated: 8 bytes per instruction");
  t.ok(withInfo.info!.jitedLen! > 0, "jited length");

  const run = await backend.testRun(
    { program: program({}), logLevel: 0, logSize: 0 },
    { data: new Uint8Array(60) },
  );
  t.match(run, { errno: null, retval: 7 });
  t.equal(run.dataOut?.length, 60);
  const devRun = await backend.testRun({ program: slurm, logLevel: 0, logSize: 0 }, {});
  t.not(devRun.errno, null, `cgroup_device has no test_run here (${devRun.errno})`);

  const mapped = program({
    insns: [insn(0x18, 1, 1, 0, 0), insn(0, 0, 0, 0, 0), insn(0xb7, 0, 0, 0, 0), insn(0x95, 0, 0, 0, 0)],
    maps: [{ name: "counts", type: "array", keySize: 4, valueSize: 8, maxEntries: 4, flags: 0 }],
    relocations: [{ insnIndex: 0, mapIndex: 0, kind: "fd", offset: 0 }],
  });
  t.equal(
    (await backend.load({ program: mapped, logLevel: 1, logSize: 65536 })).verdict,
    "accepted",
    "map created and patched",
  );
  const unpatched = await backend.load({
    program: { ...mapped, relocations: [] },
    logLevel: 1,
    logSize: 65536,
  });
  t.equal(unpatched.verdict, "rejected", `without its relocation: ${unpatched.errno}`);

  const memlockBefore = (await backend.session.client.hello()).memlock;
  const limited = await backend.load({ program: slurm, logLevel: 1, logSize: 8192, memlockRlimit: 1 << 16 });
  t.equal(limited.verdict, "accepted", "6.18 charges memcg, not RLIMIT_MEMLOCK");
  t.equal((await backend.session.client.hello()).memlock, memlockBefore, "RLIMIT_MEMLOCK restored");

  await t.rejects(backend.load({ program: program({ progType: null }), logLevel: 0, logSize: 0 }), {
    code: "LAB_ARGS_INVALID",
    message: /--prog-type/,
  });
  await t.rejects(backend.load({ program: program({}), progType: "nonsense", logLevel: 0, logSize: 0 }), {
    code: "LAB_ARGS_INVALID",
    message: /nonsense/,
  });
  const rejected = await backend.load({
    program: program({ insns: [insn(0x95, 0, 0, 0, 0)] }),
    logLevel: 1,
    logSize: 4096,
  });
  t.match(rejected, { verdict: "rejected", errno: "EACCES", statsSource: "log", log: /R0 !read_ok/ });
  t.match(rejected.diagnosis, [{ code: "VERIFIER_REJECT" }]);
});

t.test("close ends the agent", { skip }, async (t) => {
  const backend = await createHostBackend();
  const pid = backend.agentPid;
  t.ok(existsSync(`/proc/${pid}`));
  await backend.close();
  await new Promise((r) => setTimeout(r, 50));
  t.notOk(existsSync(`/proc/${pid}/fd`), "the agent process is gone");
  await backend.close();
  t.pass("closing twice is harmless");
});

t.test("--arch and --kernel must match the host", { skip }, async (t) => {
  await t.rejects(createHostBackend({ arch: hostArch() === "x86_64" ? "arm64" : "x86_64" }), {
    code: "LAB_ARGS_INVALID",
  });
  await t.rejects(createHostBackend({ kernel: "5.10.223" }), {
    code: "LAB_ARGS_INVALID",
    message: /5\.10\.223/,
  });
  const ok = await createHostBackend({ kernel: "host" });
  await ok.close();
});
