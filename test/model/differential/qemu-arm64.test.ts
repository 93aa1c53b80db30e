/**
 * The differential test on arm64: the same seeded random programs as qemu.test.ts on Debian's
 * arm64 cloud kernels 5.10, 6.1 and 6.12 under QEMU (TCG on an x86_64 host: about 100 s per
 * kernel for 2,000 loads) against the model profile of each image's point release with arch
 * arm64. This archive offers 5.10.223 for arm64 (5.10.262 for x86_64): it lacks four stable
 * backports that 5.10.262 has, so it checks the model's point-release features too
 * (lab/model/profiles/features.ts: backtrack_insn_iteration_fix, linked_regs_keep_subreg_def,
 * lsh32_sext_any_sign, jset_forget_ranges). LAB_DIFF_ARM64_PROGRAMS=N runs fewer or more.
 */
import t from "tap";
import { openBackend } from "../../../lab/backends.js";
import { imageOrSkip, qemuSkipReason } from "../../kernel/qemu/helpers/env.js";
import { checkPairs, type Floors, loadPairs } from "./compare.js";

const PROGRAMS = Number(process.env.LAB_DIFF_ARM64_PROGRAMS ?? 1000);
const arch = "arm64" as const;

/**
 * The targets. Measured 2026-11-23 23:00 UTC, 1000 programs on Debian 5.10.223, 6.1.192 and
 * 6.12.117 arm64: 1000/1000 on every measure (5.10.223 against the 5.10.262 features: 957 level-2 logs).
 */
const TARGETS_MET: Floors = { verdict: 1, stats: 0.99, log1: 0.99, log2: 0.99 };
const KERNELS = ["debian:5.10", "debian:6.1", "debian:6.12"] as const;

const noQemu =
  process.getuid?.() !== 0 ? "needs root for the guest's bpf() and KVM/TCG setup" : qemuSkipReason(arch);

for (const kernel of KERNELS) {
  t.test(`random programs: model vs ${kernel} (${arch}) under QEMU`, { skip: noQemu }, async (t) => {
    const image = await imageOrSkip(kernel, arch);
    if ("skip" in image) {
      t.plan(0, image.skip);
      return;
    }
    const vm = await openBackend("qemu", { kernel, arch });
    t.teardown(() => vm.close());
    const release = (await vm.identity()).release;
    const model = await openBackend("model", { kernel: image.version ?? release, arch });
    t.comment(
      `${kernel} ${arch}: ${release} (${image.version}) -> model profile ${(await model.identity()).profile}`,
    );
    const started = Date.now();
    const pairs = await loadPairs(vm, model, PROGRAMS, { memlockRlimit: 1 << 30 });
    t.comment(`${pairs.length} loads on each side in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    checkPairs(t, `${kernel} ${arch}`, pairs, TARGETS_MET);
  });
}
