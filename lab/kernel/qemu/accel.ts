/**
 * KVM or TCG. KVM is only a candidate for a guest of the host's own arch with a usable /dev/kvm;
 * whether it really works is learnt by a short boot with a timeout (on these machines /dev/kvm
 * exists but `-cpu host` aborts and other CPUs hang before the kernel prints anything). The answer
 * is cached per machine under `$LAB_CACHE/accel/`, written only once a boot has settled it.
 */
import { createHash } from "node:crypto";
import { accessSync, constants, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { hostname, release } from "node:os";
import { join } from "node:path";
import { ARCHES, hostArch } from "../../arch.js";
import type { Arch } from "../../backend.js";
import { isLabError, LabError } from "../../errors.js";
import type { Accel } from "./argv.js";
import { labCacheRoot } from "./paths.js";

export type AccelChoice = Accel | "auto";
export const ACCEL_CHOICES: readonly AccelChoice[] = ["auto", "kvm", "tcg"];

/** How long the probing KVM boot may take before KVM is judged not to work. */
export const KVM_PROBE_TIMEOUT_MS = 12_000;

export interface AccelVerdict {
  kvm: boolean;
  reason: string;
  measuredAt: string;
}

export interface AccelEnv {
  cacheRoot: string;
  hostArch: Arch;
  /** true when /dev/kvm can be opened read-write */
  kvmDevice: boolean;
}

export function accelEnv(): AccelEnv {
  return { cacheRoot: labCacheRoot(), hostArch: hostArch(), kvmDevice: canOpenKvm() };
}

function canOpenKvm(): boolean {
  try {
    accessSync("/dev/kvm", constants.R_OK | constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** Why KVM cannot even be tried for this guest, or null when it is a candidate (pure). */
export function kvmImpossible(arch: Arch, env: Pick<AccelEnv, "hostArch" | "kvmDevice">): string | null {
  if (arch !== env.hostArch) return `a ${arch} guest on a ${env.hostArch} host runs under TCG`;
  if (!env.kvmDevice) return "/dev/kvm is missing or not writable";
  return null;
}

/** A key for "this machine": host name, kernel, CPU model and flags, and the QEMU binary. */
export function machineKey(arch: Arch): string {
  const cpuinfo = safeRead("/proc/cpuinfo");
  const model = /^model name\s*:\s*(.*)$/m.exec(cpuinfo)?.[1] ?? "";
  const flags = /^(?:flags|Features)\s*:\s*(.*)$/m.exec(cpuinfo)?.[1] ?? "";
  const text = [hostname(), release(), model, flags, ARCHES[arch].qemuBinary].join("\n");
  return createHash("sha256").update(text).digest("hex").slice(0, 16);
}

function safeRead(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}

function cachePath(cacheRoot: string, arch: Arch): string {
  return join(cacheRoot, "accel", `${arch}-${machineKey(arch)}.json`);
}

export function readAccelCache(cacheRoot: string, arch: Arch): AccelVerdict | null {
  try {
    const value = JSON.parse(readFileSync(cachePath(cacheRoot, arch), "utf8")) as AccelVerdict;
    return typeof value.kvm === "boolean" ? value : null;
  } catch {
    return null;
  }
}

export function writeAccelCache(cacheRoot: string, arch: Arch, verdict: AccelVerdict): void {
  const path = cachePath(cacheRoot, arch);
  mkdirSync(join(cacheRoot, "accel"), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(verdict)}\n`);
  renameSync(temp, path);
}

/** What to do before booting: use one accel, or probe KVM first (pure). */
export function planAccel(
  choice: AccelChoice,
  arch: Arch,
  env: Pick<AccelEnv, "hostArch" | "kvmDevice">,
  cached: AccelVerdict | null,
): { accel: Accel; probe: boolean; why: string } {
  if (choice === "tcg") return { accel: "tcg", probe: false, why: "--accel tcg" };
  const impossible = kvmImpossible(arch, env);
  if (choice === "kvm") {
    if (impossible)
      throw new LabError("KERNEL_UNAVAILABLE", `--accel kvm: ${impossible}`, { where: { value: arch } });
    return { accel: "kvm", probe: false, why: "--accel kvm" };
  }
  if (impossible) return { accel: "tcg", probe: false, why: impossible };
  if (cached) return { accel: cached.kvm ? "kvm" : "tcg", probe: false, why: `cached: ${cached.reason}` };
  return { accel: "kvm", probe: true, why: "probing KVM with a short boot" };
}

/**
 * Boots with the planned accel. When probing, a KVM boot that fails or times out is followed by a
 * TCG boot, and the verdict is cached once the TCG boot succeeds (a broken image must not teach the
 * lab that KVM is broken).
 */
export async function bootWithAccel<T>(
  choice: AccelChoice,
  arch: Arch,
  boot: (accel: Accel, timeoutMs: number | null) => Promise<T>,
  env: AccelEnv = accelEnv(),
): Promise<{ value: T; accel: Accel; why: string }> {
  const plan = planAccel(choice, arch, env, readAccelCache(env.cacheRoot, arch));
  if (!plan.probe) return { value: await boot(plan.accel, null), accel: plan.accel, why: plan.why };
  let kvmError: unknown;
  try {
    const value = await boot("kvm", KVM_PROBE_TIMEOUT_MS);
    writeAccelCache(env.cacheRoot, arch, verdict(true, "a KVM boot reached the agent"));
    return { value, accel: "kvm", why: "probe: KVM works" };
  } catch (error) {
    if (!isLabError(error)) throw error;
    kvmError = error;
  }
  const value = await boot("tcg", null);
  const reason = `a KVM boot failed (${(kvmError as LabError).message.split("\n")[0]}) and a TCG boot worked`;
  writeAccelCache(env.cacheRoot, arch, verdict(false, reason));
  return { value, accel: "tcg", why: `probe: ${reason}` };
}

function verdict(kvm: boolean, reason: string): AccelVerdict {
  return { kvm, reason, measuredAt: new Date().toISOString() };
}
