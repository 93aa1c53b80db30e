/**
 * Starts QEMU so that it cannot outlive the lab. QEMU runs under a small `sh` reaper, in a new
 * session and process group of its own (the reaper leads it). The reaper holds the read end of a
 * pipe whose only write end is in the lab: when the lab dies in any way (SIGKILL included), the
 * kernel closes that end, the reaper's `read` returns, and it SIGKILLs its whole group. Because
 * QEMU is forked before the reaper starts waiting, there is no window in which a QEMU can escape:
 * a lab killed during the spawn leaves a reaper that reads EOF at once and kills the group.
 *
 * The lab stops a VM by signalling the group (`kill -- -pgid`), which takes the reaper with it.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";
import { LabError } from "../../errors.js";

/** $1.. = the QEMU argv. fd 3 = lifeline (EOF when the lab is gone); fd 4 = the lab's stdin. */
export const REAPER_SCRIPT = [
  "exec 4<&0 </dev/null",
  '"$@" <&4 3<&- 4<&- &',
  "q=$!",
  "{ read -r _ <&3; kill -KILL 0; } 4<&- &",
  "r=$!",
  "exec 3<&- 4<&-",
  'wait "$q"',
  "s=$?",
  'kill "$r" 2>/dev/null',
  'exit "$s"',
].join("\n");

export interface QemuExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface QemuProcess {
  /** the reaper's pid, which is also the process group id of the reaper and QEMU */
  readonly pgid: number;
  /** resolves when the reaper (and so QEMU) has exited */
  readonly exited: Promise<QemuExit>;
  /** true once exited has resolved */
  hasExited(): boolean;
  /** the last bytes QEMU wrote on stderr (its own errors: bad option, missing file, ...) */
  stderrTail(): string;
  /** signals the whole group; false when it is already gone */
  signal(signal: NodeJS.Signals): boolean;
}

export interface SpawnOptions {
  /** "inherit" gives QEMU the lab's terminal (lab vm shell) */
  stdio: "quiet" | "inherit";
}

const STDERR_KEPT = 8192;

/** The binary's full path on $PATH, or null. */
export function findOnPath(binary: string, path = process.env.PATH ?? ""): string | null {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    try {
      accessSync(join(dir, binary), constants.X_OK);
      return join(dir, binary);
    } catch {}
  }
  return null;
}

export function spawnQemu(argv: readonly string[], options: SpawnOptions = { stdio: "quiet" }): QemuProcess {
  if (!argv[0]!.includes("/") && findOnPath(argv[0]!) === null) {
    throw new LabError("KERNEL_QEMU_MISSING", `${argv[0]} is not installed (not found on $PATH)`, {
      where: { value: argv[0] },
      hint: "apt-get install qemu-system-x86 qemu-system-arm (as .ci/setup does)",
    });
  }
  const inherit = options.stdio === "inherit";
  let child: ChildProcess;
  try {
    child = spawn("/bin/sh", ["-c", REAPER_SCRIPT, "lab-reaper", ...argv], {
      detached: true,
      stdio: [
        inherit ? "inherit" : "ignore",
        inherit ? "inherit" : "ignore",
        inherit ? "inherit" : "pipe",
        "pipe",
      ],
    });
  } catch (error) {
    throw new LabError("KERNEL_BOOT_FAILED", `could not start ${argv[0]}: ${String(error)}`, {
      cause: error,
    });
  }
  const pgid = child.pid;
  if (pgid === undefined) throw new LabError("KERNEL_BOOT_FAILED", `could not start /bin/sh for ${argv[0]}`);
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString("utf8")).slice(-STDERR_KEPT);
  });
  // The lifeline: never written, never closed by the lab; only the lab's death closes it.
  const lifeline = child.stdio[3];
  if (lifeline && "unref" in lifeline) (lifeline as { unref(): void }).unref();
  let done = false;
  const exited = new Promise<QemuExit>((resolve) => {
    child.on("exit", (code, signal) => {
      done = true;
      resolve({ code, signal });
    });
  });
  return {
    pgid,
    exited,
    hasExited: () => done,
    stderrTail: () => stderr,
    signal(signal) {
      if (done) return false;
      try {
        process.kill(-pgid, signal);
        return true;
      } catch {
        return false;
      }
    },
  };
}
