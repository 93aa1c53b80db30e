/** QEMU per arch (from the arch table) and whether KVM can really be used. */
import { statSync } from "node:fs";
import { ARCHES, hostArch } from "../../arch.js";
import { readAccelCache } from "../../kernel/qemu/accel.js";
import { labCacheRoot } from "../../kernel/qemu/paths.js";
import { readText, runQuiet, which } from "../probe.js";
import { type Check, missing, ok, warn } from "../types.js";

export const qemuChecks: Check[] = Object.values(ARCHES).map((row) => ({
  id: `qemu-${row.arch}`,
  title: `QEMU ${row.arch}`,
  run: async () => {
    const path = which(row.qemuBinary);
    if (!path)
      return missing(`${row.qemuBinary} not found`, "PATH lookup", `apt-get install ${row.qemuPackage}`);
    const version =
      (await runQuiet(path, ["--version"], 5000))?.stdout.split("\n")[0]?.replace(/^QEMU emulator /, "") ??
      "";
    return ok(`${path} (${version || "version unknown"})`, `PATH lookup, ${row.qemuBinary} --version`);
  },
}));

/** the CPU flags line of /proc/cpuinfo as a set */
export function cpuFlags(cpuinfo: string): Set<string> {
  const line = /^(flags|Features)\s*:\s*(.*)$/m.exec(cpuinfo);
  return new Set(line ? line[2]!.split(/\s+/) : []);
}

export const kvmCheck: Check = {
  id: "kvm",
  title: "KVM",
  run: (context) => {
    const row = ARCHES[hostArch()];
    const how =
      "/dev/kvm, /proc/cpuinfo flags, and the QEMU backend's cached boot probe (accel/ in its cache)";
    if (!isCharDevice("/dev/kvm"))
      return warn(
        "no /dev/kvm: QEMU runs guests under TCG (slower)",
        how,
        "enable virtualization (nested on a VM host) and load kvm_intel/kvm_amd",
      );
    const probed = readAccelCache(labCacheRoot(context.env), row.arch);
    const flags = cpuFlags(readText("/proc/cpuinfo") ?? "");
    const has = row.kvmCpuFlags.filter((f) => flags.has(f));
    const fix = "enable nested virtualization on the VM host to use KVM";
    if (probed) {
      const when = probed.measuredAt.slice(0, 10);
      if (probed.kvm) return ok(`/dev/kvm works: a KVM boot reached the agent (probed ${when})`, how);
      return warn(
        `/dev/kvm present but unusable here: ${probed.reason} (probed ${when}); QEMU uses TCG`,
        how,
        fix,
      );
    }
    if (row.kvmCpuFlags.length > 0 && has.length === 0) {
      return warn(
        `/dev/kvm present but unusable here: the CPU shows no ${row.kvmCpuFlags.join("/")}; QEMU uses TCG`,
        how,
        fix,
      );
    }
    const cpu = has.length > 0 ? ` and the CPU has ${has.join(", ")}` : "";
    return ok(`/dev/kvm present${cpu}; not yet proven by a boot (the first qemu load probes it)`, how);
  },
};

function isCharDevice(path: string): boolean {
  try {
    return statSync(path).isCharacterDevice();
  } catch {
    return false;
  }
}
