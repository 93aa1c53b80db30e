/** Test helpers for real VMs: why a QEMU test must skip, and the images it boots. */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { ARCHES } from "../../../../lab/arch.js";
import type { Arch } from "../../../../lab/backend.js";
import { isLabError } from "../../../../lab/errors.js";
import { type BootImage, resolveBootImage } from "../../../../lab/kernel/qemu/backend.js";

/** Why a VM of this arch cannot boot here (no QEMU binary), or false. */
export function qemuSkipReason(arch: Arch): string | false {
  if (process.platform !== "linux") return "needs Linux";
  const binary = ARCHES[arch].qemuBinary;
  const found = spawnSync(binary, ["--version"], { encoding: "utf8" });
  if (found.error || found.status !== 0)
    return `${binary} is not installed (apt-get install qemu-system-x86 qemu-system-arm)`;
  const cc = ARCHES[arch].cc;
  if (spawnSync(cc, ["--version"]).error) return `no ${cc} to build the guest agent`;
  return false;
}

/** The image, or the reason it cannot be had here (no archive reachable, ...). */
export async function imageOrSkip(kernel: string, arch: Arch): Promise<BootImage | { skip: string }> {
  try {
    return await resolveBootImage(kernel, arch);
  } catch (error) {
    if (isLabError(error) && error.code.startsWith("IMAGE_"))
      return { skip: `${kernel} ${arch}: ${error.code}: ${error.message}` };
    throw error;
  }
}

/** Every qemu-system-* process whose command line carries `marker`. */
export function qemuProcessesWith(marker: string): number[] {
  const pids: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${name}/cmdline`, "utf8");
    } catch {
      continue;
    }
    const argv = cmdline.split("\0");
    if (/qemu-system-/.test(argv[0] ?? "") && argv.some((word) => word.includes(marker)))
      pids.push(Number(name));
  }
  return pids;
}
