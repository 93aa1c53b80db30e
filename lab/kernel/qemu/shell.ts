/**
 * `lab vm shell`: a kernel booted with a busybox shell on the console, on the person's terminal
 * (Ctrl-A X quits QEMU; Ctrl-C goes to the guest). The console is also kept in a log file.
 */
import type { ChannelKind } from "../../arch.js";
import type { Arch } from "../../backend.js";
import { type Accel, buildQemuArgv } from "./argv.js";
import { track, untrack } from "./live.js";
import { makeVmDirs, removeRunDir } from "./paths.js";
import { type QemuExit, spawnQemu } from "./spawn.js";

export interface ShellOptions {
  arch: Arch;
  accel: Accel;
  kernelPath: string;
  initramfsPath: string;
  channel: ChannelKind;
  label: string;
}

export interface ShellPlan {
  argv: string[];
  consolePath: string;
  /** runs QEMU on this terminal; resolves when it exits */
  run(): Promise<QemuExit>;
  /** removes the plan's socket folder without running (for --print) */
  discard(): void;
}

export function planShell(options: ShellOptions): ShellPlan {
  const dirs = makeVmDirs(options.label);
  const argv = buildQemuArgv({ ...options, name: options.label, paths: dirs.paths, mode: "shell" });
  return {
    argv,
    consolePath: dirs.paths.console,
    discard: () => removeRunDir(dirs),
    async run() {
      const proc = spawnQemu(argv, { stdio: "inherit" });
      const live = { stop: async () => void proc.signal("SIGTERM"), kill: () => void proc.signal("SIGKILL") };
      track(live);
      try {
        return await proc.exited;
      } finally {
        untrack(live);
        removeRunDir(dirs);
      }
    },
  };
}
