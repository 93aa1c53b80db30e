/**
 * The guest starts its loads with systemd's 8 MiB RLIMIT_MEMLOCK instead of the kernel's 64 KiB
 * default, so a 5.10 load cannot fail with EPERM only because earlier programs are still being
 * uncharged; a loader's own limit still applies to its load and is undone after it.
 */
import t from "tap";
import { hostArch } from "../../../lab/arch.js";
import { createQemuBackend } from "../../../lab/kernel/qemu/backend.js";
import { slurmDeviceProgram } from "../../../lab/programs/generators/slurm-device.js";
import { imageOrSkip, qemuSkipReason } from "./helpers/env.js";

const arch = hostArch();
const skip = process.getuid?.() !== 0 ? "needs root for QEMU and the guest's bpf()" : qemuSkipReason(arch);

t.test(
  "debian:5.10 guest: 8 MiB memlock by default, a loader's limit for its load only",
  { skip },
  async (t) => {
    const image = await imageOrSkip("debian:5.10", arch);
    if ("skip" in image) {
      t.plan(0, image.skip);
      return;
    }
    const vm = await createQemuBackend({ kernel: "debian:5.10", arch });
    t.teardown(() => vm.close());
    const memlock = async () => (await vm.session.client.hello()).memlock;
    t.equal(await memlock(), 8 << 20);
    const program = slurmDeviceProgram({ devices: 4 });
    const base = { program, logLevel: 1, logSize: 65536 };
    for (let i = 0; i < 200; i++) {
      const r = await vm.load(base);
      if (r.verdict !== "accepted") t.fail(`load ${i}: ${r.errno}`);
    }
    t.pass("200 loads in a row at the default limit accepted");
    const limited = await vm.load({ ...base, memlockRlimit: 0 });
    t.equal(limited.errno, "EPERM", "memlock_rlimit 0 still gives 5.10's EPERM");
    t.equal(await memlock(), 8 << 20, "the default is back after that load");
  },
);
