/**
 * One QEMU VM, driven through the state machine of lab/kernel/qemu/states.ts: boot until the
 * agent's hello arrives on the channel (never a sleep), serve requests one at a time with a timeout
 * each, and stop by escalation: agent poweroff -> QMP quit -> SIGTERM -> SIGKILL (of the group).
 */
import { createServer, type Server, type Socket } from "node:net";
import type { ChannelKind } from "../../arch.js";
import type { Arch } from "../../backend.js";
import { type ErrorCode, LabError } from "../../errors.js";
import { type Accel, buildQemuArgv, type QemuConfig } from "./argv.js";
import { withConsoleTail } from "./console-log.js";
import { type LiveVm, track, untrack } from "./live.js";
import { makeVmDirs, removeRunDir, type VmDirs } from "./paths.js";
import { qmpCommand } from "./qmp.js";
import { type QemuExit, type QemuProcess, spawnQemu } from "./spawn.js";
import { next, type VmEvent, type VmSnapshot, type VmState, type VmTimeouts } from "./states.js";

/** What the VM needs from the agent on the other end of its channel. */
export interface AgentLink {
  /** resolves with the agent's start-up announcement; rejects when the channel breaks first */
  readonly hello: Promise<unknown>;
  /** asks the guest to power off; resolves once the request is written */
  poweroff(): Promise<void>;
  close(): void;
}

export interface VmOptions<L extends AgentLink> {
  arch: Arch;
  accel: Accel;
  kernelPath: string;
  initramfsPath: string;
  channel: ChannelKind;
  /** names the VM's log folder and its `-name` (tests put a marker here) */
  label: string;
  memoryMiB?: number;
  cpu?: string;
  append?: readonly string[];
  timeouts?: Partial<VmTimeouts>;
  /** wraps the channel socket in an agent client */
  connect: (socket: Socket) => L;
}

export const DEFAULT_TIMEOUTS: VmTimeouts = { bootMs: 90_000, requestMs: 120_000, stopStepMs: 3_000 };

export type StopStep = "already-exited" | "poweroff" | "qmp-quit" | "sigterm" | "sigkill";

export class Vm<L extends AgentLink> implements LiveVm {
  readonly argv: string[];
  readonly dirs: VmDirs;
  readonly timeouts: VmTimeouts;
  /** milliseconds from QEMU's start to the agent's hello */
  bootMs: number | null = null;
  hello: unknown = null;
  stoppedBy: StopStep | null = null;
  private snapshot: VmSnapshot = { state: "created", fault: null };
  private process: QemuProcess | null = null;
  private server: Server | null = null;
  private link: L | null = null;
  private stopping: Promise<void> | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: VmOptions<L>) {
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.dirs = makeVmDirs(options.label);
    this.argv = buildQemuArgv(qemuConfigOf(options, this.dirs));
  }

  get state(): VmState {
    return this.snapshot.state;
  }

  get fault(): string | null {
    return this.snapshot.fault;
  }

  get consolePath(): string {
    return this.dirs.paths.console;
  }

  get pgid(): number | null {
    return this.process?.pgid ?? null;
  }

  /** The agent client, once ready. */
  get agent(): L {
    if (!this.link || (this.state !== "ready" && this.state !== "busy")) {
      throw new LabError("KERNEL_AGENT_FAILED", `VM ${this.options.label} is ${this.state}, not ready`);
    }
    return this.link;
  }

  private fire(event: VmEvent): VmState {
    this.snapshot = next(this.snapshot, event);
    return this.snapshot.state;
  }

  /** Boots and resolves once the agent said hello; on failure the VM is stopped and the error thrown. */
  async boot(): Promise<this> {
    const { promise: connected, server } = await listenOnce(this.dirs.paths.agent);
    this.server = server;
    const started = performance.now();
    this.fire({ type: "start" });
    try {
      this.process = spawnQemu(this.argv);
    } catch (error) {
      this.fire({ type: "exited", reason: String(error) });
      server.close();
      removeRunDir(this.dirs);
      throw error;
    }
    track(this);
    const exited = this.process.exited.then((exit) => ({ kind: "exited" as const, exit }));
    const hello = connected.then(async (socket) => {
      this.link = this.options.connect(socket);
      return { kind: "hello" as const, hello: await this.link.hello };
    });
    const outcome = await withTimeout(Promise.race([hello, exited]), this.timeouts.bootMs).catch(
      (error: unknown) => ({ kind: "error" as const, error }),
    );
    if (outcome.kind === "hello") {
      this.bootMs = performance.now() - started;
      this.hello = outcome.hello;
      this.fire({ type: "hello" });
      void this.process.exited.then((exit) => {
        // QEMU gone on its own (guest panic, poweroff): the VM is failed, and its files cleaned
        if (this.state === "ready" || this.state === "busy") {
          this.fire({ type: "exited", reason: `QEMU exited on its own (${describeExit(exit)})` });
          void this.stop();
        }
      });
      return this;
    }
    // a channel that broke is usually QEMU dying: give its exit a moment to tell why
    const settled =
      outcome.kind === "error" && !(outcome.error instanceof TimeoutError)
        ? ((await raceExit(exited, 500)) ?? outcome)
        : outcome;
    const { code, why } = this.bootFailure(settled);
    if (settled.kind === "exited") this.fire({ type: "exited", reason: why });
    else this.fire({ type: "fault", reason: why });
    await this.stop();
    throw new LabError(code, withConsoleTail(`${this.options.label}: ${why}`, this.consolePath), {
      hint: "the console log above is the guest's own account; `lab vm boot --print` shows the QEMU command",
    });
  }

  private bootFailure(outcome: { kind: "exited"; exit: QemuExit } | { kind: "error"; error: unknown }): {
    code: ErrorCode;
    why: string;
  } {
    if (outcome.kind === "exited") {
      const stderr = this.process?.stderrTail().trim() ?? "";
      return {
        code: "KERNEL_BOOT_FAILED",
        why: `QEMU exited before the agent said hello (${describeExit(outcome.exit)})${stderr ? `: ${stderr}` : ""}`,
      };
    }
    if (outcome.error instanceof TimeoutError) {
      return {
        code: "KERNEL_BOOT_TIMEOUT",
        why: `no hello from the agent within ${this.timeouts.bootMs} ms`,
      };
    }
    return {
      code: "KERNEL_BOOT_FAILED",
      why: `the agent channel failed during boot: ${String(outcome.error)}`,
    };
  }

  /** Runs one request against the agent: one at a time, each under the request timeout. */
  request<T>(work: (agent: L) => Promise<T>, timeoutMs = this.timeouts.requestMs): Promise<T> {
    const run = async (): Promise<T> => {
      const agent = this.agent;
      this.fire({ type: "request" });
      try {
        const value = await withTimeout(Promise.race([work(agent), this.exitAsError()]), timeoutMs);
        this.fire({ type: "reply" });
        return value;
      } catch (error) {
        // a refused or malformed request leaves the VM usable; a silent agent or a dead QEMU does not
        const fatal =
          error instanceof TimeoutError ||
          error instanceof QemuExited ||
          (error instanceof LabError && error.code === "KERNEL_AGENT_FAILED");
        if (!fatal) {
          if (this.state === "busy") this.fire({ type: "reply" });
          throw error;
        }
        const why =
          error instanceof TimeoutError
            ? `a request took longer than ${timeoutMs} ms`
            : (error as Error).message;
        if (this.state === "busy") {
          this.fire({ type: "fault", reason: why });
          void this.stop();
        }
        throw new LabError(
          "KERNEL_AGENT_FAILED",
          withConsoleTail(`${this.options.label}: ${why}`, this.consolePath),
          {
            cause: error,
          },
        );
      }
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private exitAsError(): Promise<never> {
    return this.process!.exited.then((exit) => {
      throw new QemuExited(`QEMU exited (${describeExit(exit)})`);
    });
  }

  /** Stops the VM (idempotent); resolves once QEMU is gone. */
  stop(): Promise<void> {
    this.stopping ??= this.escalate();
    return this.stopping;
  }

  private async escalate(): Promise<void> {
    if (this.state === "created") {
      this.fire({ type: "stop" });
      removeRunDir(this.dirs);
      return;
    }
    const agentUp = this.state === "ready" || this.state === "busy";
    if (this.state !== "stopping" && this.state !== "stopped" && this.state !== "failed")
      this.fire({ type: "stop" });
    const proc = this.process!;
    const step = this.timeouts.stopStepMs;
    const steps: Array<[StopStep, () => Promise<unknown> | boolean]> = [
      ["poweroff", () => (agentUp && this.link ? this.link.poweroff() : false)],
      ["qmp-quit", () => qmpCommand(this.dirs.paths.qmp, "quit", step)],
      ["sigterm", () => proc.signal("SIGTERM")],
      ["sigkill", () => proc.signal("SIGKILL")],
    ];
    if (proc.hasExited()) this.stoppedBy = "already-exited";
    for (const [name, action] of steps) {
      if (proc.hasExited()) break;
      try {
        if ((await withTimeout(Promise.resolve(action()), step)) === false) continue;
      } catch {
        continue;
      }
      if (await exitsWithin(proc, name === "sigkill" ? 10 * step : step)) this.stoppedBy = name;
    }
    const exit = await proc.exited;
    this.link?.close();
    this.server?.close();
    untrack(this);
    removeRunDir(this.dirs);
    if (this.state === "stopping") this.fire({ type: "exited", reason: describeExit(exit) });
  }

  /** LiveVm: SIGKILL now (used on process exit). */
  kill(): void {
    this.process?.signal("SIGKILL");
  }
}

function qemuConfigOf(options: VmOptions<AgentLink>, dirs: VmDirs): QemuConfig {
  return {
    arch: options.arch,
    accel: options.accel,
    kernelPath: options.kernelPath,
    initramfsPath: options.initramfsPath,
    paths: dirs.paths,
    name: options.label,
    channel: options.channel,
    memoryMiB: options.memoryMiB,
    cpu: options.cpu,
    append: options.append,
  };
}

/** Listens on a unix socket before QEMU starts; QEMU connects to it as the channel's client. */
function listenOnce(path: string): Promise<{ server: Server; promise: Promise<Socket> }> {
  return new Promise((resolve, reject) => {
    let accept: (socket: Socket) => void;
    const promise = new Promise<Socket>((res) => (accept = res));
    const server = createServer((socket) => {
      accept(socket);
      server.close();
    });
    server.once("error", reject);
    server.listen(path, () => resolve({ server, promise }));
  });
}

export class TimeoutError extends Error {}
class QemuExited extends Error {}

export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new TimeoutError(`timed out after ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

async function raceExit<T>(exited: Promise<T>, ms: number): Promise<T | null> {
  try {
    return await withTimeout(exited, ms);
  } catch {
    return null;
  }
}

async function exitsWithin(proc: QemuProcess, ms: number): Promise<boolean> {
  try {
    await withTimeout(proc.exited, ms);
    return true;
  } catch {
    return false;
  }
}

export function describeExit(exit: QemuExit): string {
  return exit.signal ? `killed by ${exit.signal}` : `exit status ${exit.code}`;
}
