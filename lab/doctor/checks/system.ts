/** Root and the bpf() syscall. */

import { readText, runQuiet, which } from "../probe.js";
import { type Check, missing, ok, warn } from "../types.js";

export const rootCheck: Check = {
  id: "root",
  title: "root",
  run: () => {
    const uid = process.getuid?.() ?? -1;
    if (uid === 0) return ok("running as root", "process.getuid()");
    return warn(
      `running as uid ${uid}: host loads, cgroup attach and probes need root`,
      "process.getuid()",
      "run the lab as root (sudo)",
    );
  },
};

interface BpftoolProbe {
  syscall_config?: { have_bpf_syscall?: boolean };
  program_types?: Record<string, boolean>;
}

export const bpfCheck: Check = {
  id: "bpf",
  title: "bpf() syscall",
  run: async () => {
    const bpftool = which("bpftool");
    if (bpftool && process.getuid?.() === 0) {
      const run = await runQuiet(bpftool, ["-j", "feature", "probe", "kernel"], 15_000);
      const parsed = run && run.status === 0 ? parseJson<BpftoolProbe>(run.stdout) : null;
      if (parsed) {
        const how = "bpftool feature probe kernel (real BPF_PROG_LOAD of a trivial program per type)";
        if (!parsed.syscall_config?.have_bpf_syscall)
          return missing(
            "bpf() is not available: the probe could not call it",
            how,
            "a kernel with CONFIG_BPF_SYSCALL=y",
          );
        const cgroupDevice = parsed.program_types?.have_cgroup_device_prog_type === true;
        const types = Object.values(parsed.program_types ?? {}).filter(Boolean).length;
        if (!cgroupDevice)
          return warn(
            `bpf() works (${types} program types load) but not cgroup_device`,
            how,
            "a kernel with CONFIG_CGROUP_BPF=y",
          );
        return ok(
          `bpf() works: ${types} program types load, cgroup_device included (bpftool feature probe)`,
          how,
        );
      }
    }
    return checkFromKallsyms(bpftool);
  },
};

/** without bpftool (or root) the syscall is only looked for, not exercised: say so */
function checkFromKallsyms(bpftool: string | null): Awaited<ReturnType<Check["run"]>> {
  const how =
    "/proc/kallsyms (__sys_bpf, bpf_prog_load) and /proc/sys/kernel/unprivileged_bpf_disabled; not exercised";
  const symbols = readText("/proc/kallsyms");
  const present = symbols !== null && /\s(__sys_bpf|bpf_prog_load)$/m.test(symbols);
  const unpriv = readText("/proc/sys/kernel/unprivileged_bpf_disabled")?.trim() ?? "unknown";
  const fix = bpftool
    ? "run lab doctor as root for a real load probe"
    : "apt-get install bpftool (for a real load probe)";
  if (!present)
    return missing("no bpf syscall symbols in /proc/kallsyms", how, "a kernel with CONFIG_BPF_SYSCALL=y");
  return warn(
    `bpf syscall present in the kernel (unprivileged_bpf_disabled=${unpriv}); no program was loaded`,
    how,
    fix,
  );
}

export const bpftoolCheck: Check = {
  id: "bpftool",
  title: "bpftool",
  run: async () => {
    const path = which("bpftool");
    if (!path) return missing("not found", "PATH lookup", "apt-get install bpftool");
    const version = /v\d+\.\d+(\.\d+)?/.exec((await runQuiet(path, ["version"], 5000))?.stdout ?? "")?.[0];
    return ok(`${path}${version ? ` ${version}` : ""}`, "PATH lookup, bpftool version");
  },
};

function parseJson<T>(text: string): T | null {
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}
