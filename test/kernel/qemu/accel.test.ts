import t from "tap";
import { LabError } from "../../../lab/errors.js";
import {
  type AccelEnv,
  bootWithAccel,
  kvmImpossible,
  planAccel,
  readAccelCache,
  writeAccelCache,
} from "../../../lab/kernel/qemu/accel.js";
import type { Accel } from "../../../lab/kernel/qemu/argv.js";

const host = { hostArch: "x86_64" as const, kvmDevice: true };

t.test("KVM is a candidate only for the host's arch with a usable /dev/kvm", async (t) => {
  t.equal(kvmImpossible("x86_64", host), null);
  t.match(kvmImpossible("arm64", host), /arm64 guest on a x86_64 host/);
  t.match(kvmImpossible("x86_64", { ...host, kvmDevice: false }), /\/dev\/kvm/);
});

t.test("the plan: forced choices, impossible KVM, the cache, else a probe", async (t) => {
  t.same(planAccel("tcg", "x86_64", host, null), { accel: "tcg", probe: false, why: "--accel tcg" });
  t.same(planAccel("kvm", "x86_64", host, null).accel, "kvm");
  t.throws(() => planAccel("kvm", "arm64", host, null), { code: "KERNEL_UNAVAILABLE" });
  t.same(planAccel("auto", "arm64", host, null).accel, "tcg");
  t.same(planAccel("auto", "x86_64", host, null), {
    accel: "kvm",
    probe: true,
    why: "probing KVM with a short boot",
  });
  const no = { kvm: false, reason: "hangs", measuredAt: "" };
  t.same(planAccel("auto", "x86_64", host, no), { accel: "tcg", probe: false, why: "cached: hangs" });
  t.same(planAccel("kvm", "x86_64", host, no).accel, "kvm", "--accel kvm overrides the cache");
});

t.test("probing: a failed KVM boot falls back to TCG and caches the verdict only then", async (t) => {
  const env: AccelEnv = { ...host, cacheRoot: t.testdir() };
  const tried: Array<[Accel, number | null]> = [];
  const boot = async (accel: Accel, timeoutMs: number | null) => {
    tried.push([accel, timeoutMs]);
    if (accel === "kvm") throw new LabError("KERNEL_BOOT_FAILED", "failed to set MSR 0x10a");
    return "vm";
  };
  const first = await bootWithAccel("auto", "x86_64", boot, env);
  t.equal(first.accel, "tcg");
  t.equal(tried[0]![0], "kvm");
  t.ok(tried[0]![1]! > 0, "the probing boot has a short timeout");
  t.same(tried[1], ["tcg", null]);
  t.match(readAccelCache(env.cacheRoot, "x86_64"), { kvm: false, reason: /MSR 0x10a/ });
  tried.length = 0;
  const second = await bootWithAccel("auto", "x86_64", boot, env);
  t.same(tried, [["tcg", null]], "the cached verdict spares the probe");
  t.match(second.why, /^cached/);
});

t.test("a broken image does not teach the lab that KVM is broken", async (t) => {
  const env: AccelEnv = { ...host, cacheRoot: t.testdir() };
  const boot = async () => {
    throw new LabError("KERNEL_BOOT_FAILED", "kernel panic");
  };
  await t.rejects(bootWithAccel("auto", "x86_64", boot, env), { code: "KERNEL_BOOT_FAILED" });
  t.equal(readAccelCache(env.cacheRoot, "x86_64"), null);
});

t.test("a working KVM is cached as such", async (t) => {
  const env: AccelEnv = { ...host, cacheRoot: t.testdir() };
  const result = await bootWithAccel("auto", "x86_64", async (accel) => accel, env);
  t.equal(result.value, "kvm");
  t.match(readAccelCache(env.cacheRoot, "x86_64"), { kvm: true });
  writeAccelCache(env.cacheRoot, "x86_64", { kvm: false, reason: "x", measuredAt: "" });
  t.equal(readAccelCache(env.cacheRoot, "x86_64")!.kvm, false, "written atomically, read back");
});
