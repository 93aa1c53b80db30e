/**
 * The host backend: this machine's kernel, asked through the agent run as a local child process
 * (stdin/stdout). Needs root and a working bpf(); otherwise KERNEL_UNAVAILABLE says why.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { hostArch } from "../../arch.js";
import type { Arch, Backend, KernelIdentity, LoadRequest, LoadResult } from "../../backend.js";
import { LabError } from "../../errors.js";
import { AgentClient } from "../agent/client.js";
import {
  AgentSession,
  type DeviceSpec,
  type ProbeOutcome,
  type TestRunInput,
  type TestRunOutcome,
} from "../agent/session.js";

export interface HostBackendOptions {
  /** must be "host" or this machine's release when given */
  kernel?: string;
  arch?: Arch;
  /** an agent binary to run instead of building one (tests) */
  agentPath?: string;
  /** per-request timeout for loads, ms */
  loadTimeoutMs?: number;
}

export interface HostBackend extends Backend {
  readonly session: AgentSession;
  /** the agent's process id (tests look at its /proc/<pid>/fd) */
  readonly agentPid: number;
  probeDevices(request: LoadRequest | null, devices: DeviceSpec[]): Promise<ProbeOutcome>;
  testRun(request: LoadRequest, input: TestRunInput): Promise<TestRunOutcome>;
}

/** Why the host backend cannot run here, or null when it can (root; bpf() itself is asked later). */
export function hostUnavailableReason(): string | null {
  if (process.platform !== "linux") return `the host backend needs Linux, this is ${process.platform}`;
  if (process.getuid?.() !== 0)
    return "the host backend needs root: bpf(BPF_PROG_LOAD) and cgroup attach need CAP_SYS_ADMIN";
  return null;
}

export async function createHostBackend(options: HostBackendOptions = {}): Promise<HostBackend> {
  const reason = hostUnavailableReason();
  if (reason)
    throw new LabError("KERNEL_UNAVAILABLE", reason, { hint: "run as root, or use --backend model|qemu" });
  if (options.arch && options.arch !== hostArch())
    throw new LabError(
      "LAB_ARGS_INVALID",
      `--backend host runs ${hostArch()} programs only, not ${options.arch}`,
      {
        where: { value: options.arch },
      },
    );
  const agentPath =
    options.agentPath ?? (await (await import("../../../images/agent/build.js")).buildAgent(hostArch()));
  const child = spawn(agentPath, [], { stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString("utf8")).slice(-4096);
  });
  const client = new AgentClient(child.stdout!, child.stdin!, { label: "host agent" });
  try {
    await spawned(child);
    const hello = await client.hello(10_000);
    if (hello.bpfSyscall !== 1)
      throw new LabError(
        "KERNEL_UNAVAILABLE",
        `bpf() does not work on this host: ${hello.bpfErrno ?? "unknown error"}`,
        {
          hint: "the host kernel needs CONFIG_BPF_SYSCALL and the lab root; or use --backend qemu",
        },
      );
    checkKernel(options.kernel, hello.release);
    const session = new AgentSession("host", client, hello, options.loadTimeoutMs);
    return hostBackendOf(session, child, client);
  } catch (error) {
    client.dispose();
    child.kill("SIGKILL");
    if (error instanceof LabError && stderr) error.message += ` (agent stderr: ${stderr.trim()})`;
    throw error;
  }
}

function hostBackendOf(session: AgentSession, child: ChildProcess, client: AgentClient): HostBackend {
  return {
    name: "host",
    session,
    agentPid: child.pid!,
    identity: (): Promise<KernelIdentity> => session.identity(),
    load: (request: LoadRequest): Promise<LoadResult> => session.load(request),
    probeDevices: (request, devices) => session.probeDevices(request, devices),
    probeCgroupDevice: (request) => session.probeCgroupDevice(request),
    testRun: (request, input) => session.testRun(request, input),
    close: () => stopAgent(child, client),
  };
}

function spawned(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    child.once("spawn", () => resolve());
    child.once("error", (error) =>
      reject(
        new LabError("KERNEL_UNAVAILABLE", `cannot start the host agent: ${error.message}`, { cause: error }),
      ),
    );
  });
}

function checkKernel(wanted: string | undefined, release: string): void {
  if (wanted === undefined || wanted === "host" || wanted === release) return;
  throw new LabError(
    "LAB_ARGS_INVALID",
    `--backend host runs this machine's kernel ${release}, not ${wanted}`,
    {
      where: { value: wanted },
    },
  );
}

/** Ask the agent to exit (closing its programs); kill it if it does not within a second. */
async function stopAgent(child: ChildProcess, client: AgentClient): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await client.poweroff(2_000).catch(() => undefined);
  client.dispose();
  child.stdin?.end();
  const timer = setTimeout(() => child.kill("SIGKILL"), 1_000);
  await exited;
  clearTimeout(timer);
}
