/**
 * One kernel reached through an agent: the host's (child process) or a VM's (QEMU channel).
 * Turns Backend.load into agent requests (with the level-4 stats reload), and runs cgroup device
 * probes. Shared by the host and the QEMU backends; only how the channel is opened differs.
 */
import { ARCHES } from "../../arch.js";
import type {
  Arch,
  BackendName,
  CgroupDeviceProbeRequest,
  CgroupDeviceProbeResult,
  KernelIdentity,
  LoadRequest,
  LoadResult,
} from "../../backend.js";
import { emptyStats } from "../../backend.js";
import { diagnose } from "../../compare/diagnose.js";
import { LabError } from "../../errors.js";
import { DEV_ACCESS, DEV_TYPE, type HelloReply, type LoadReply, type LoadRequestMsg } from "../protocol.js";
import { parseVerifierStats } from "../stats.js";
import type { AgentClient } from "./client.js";
import { toLoadMessage } from "./load-message.js";

/** The buffer of the level-4 reload that recovers stats. */
export const RELOAD_LOG_SIZE = 16 * 1024 * 1024;
const RELOAD_LOG_LEVEL = 4;

export interface DeviceSpec {
  type: "c" | "b";
  major: number;
  minor: number;
  /** default "r" */
  access?: "r" | "w" | "rw";
}

export interface DeviceOutcome extends DeviceSpec {
  /** null when open() succeeded */
  errno: string | null;
  /** false only for EPERM (the device program said no) */
  allowed: boolean;
}

export interface ProbeOutcome {
  /** the program's load, or null when probing with no program */
  load: LoadResult | null;
  /** whether a program was attached to the probe cgroup */
  attached: boolean;
  devices: DeviceOutcome[];
}

export interface TestRunInput {
  data?: Uint8Array;
  ctx?: Uint8Array;
  /** bytes to make room for in data out [the input's size] */
  dataSizeOut?: number;
  repeat?: number;
}

export interface TestRunOutcome {
  load: LoadResult;
  /** the test run's own failure (ENOTSUPP for types without test_run, ...) */
  errno: string | null;
  retval: number | null;
  dataOut: Uint8Array | null;
  ctxOut: Uint8Array | null;
  /** the kernel's average per run */
  durationNs: number | null;
}

export class AgentSession {
  readonly identityValue: KernelIdentity;

  constructor(
    readonly name: BackendName,
    readonly client: AgentClient,
    readonly hello: HelloReply,
    private readonly loadTimeoutMs = 120_000,
  ) {
    this.identityValue = { release: hello.release, arch: archOfMachine(hello.machine) };
  }

  async identity(): Promise<KernelIdentity> {
    return this.identityValue;
  }

  /** Load, read stats (reloading at level 4 when they were lost), close the program. */
  async load(request: LoadRequest): Promise<LoadResult> {
    const { result, fd } = await this.loadKeepingFd(request);
    if (fd >= 0) await this.client.close([fd]);
    return result;
  }

  /**
   * Load the program (or none), attach it to a fresh cgroup, open each device from inside. When
   * the load fails nothing is attached and the devices are probed anyway, as slurmstepd goes on.
   */
  /** The Backend interface's probe: devices in, allowed/denied per device out. */
  async probeCgroupDevice(request: CgroupDeviceProbeRequest): Promise<CgroupDeviceProbeResult> {
    const specs = request.devices.map((d) => ({
      type: d.type,
      major: d.major,
      minor: d.minor,
      access: accessOf(d.access),
    }));
    const outcome = await this.probeDevices(request.load, specs);
    return {
      load: outcome.load,
      attached: outcome.attached,
      devices: outcome.devices.map((d) => ({
        type: d.type,
        major: d.major,
        minor: d.minor,
        access: d.access ?? "r",
        outcome: d.allowed ? "allowed" : "denied",
        errno: d.errno,
      })),
    };
  }

  async probeDevices(request: LoadRequest | null, devices: DeviceSpec[]): Promise<ProbeOutcome> {
    const loaded = request ? await this.loadKeepingFd(request) : null;
    try {
      const reply = await this.client.cgroupDeviceProbe({
        fd: loaded && loaded.fd >= 0 ? loaded.fd : undefined,
        devices: devices.map((d) => ({
          devType: d.type === "b" ? DEV_TYPE.block : DEV_TYPE.char,
          major: d.major,
          minor: d.minor,
          access: accessBits(d.access ?? "r"),
        })),
      });
      if (reply.errno)
        throw new LabError(
          "KERNEL_AGENT_FAILED",
          `cgroup device probe failed at ${reply.failedAt}: ${reply.errno}`,
          {
            where: { value: reply.cgroup2Path ?? null },
          },
        );
      return {
        load: loaded ? loaded.result : null,
        attached: reply.attached === 1,
        devices: (reply.devices ?? []).map((d, i) => ({
          ...devices[i]!,
          errno: d.errno === "" ? null : d.errno,
          allowed: d.allowed === 1,
        })),
      };
    } finally {
      if (loaded && loaded.fd >= 0) await this.client.close([loaded.fd]);
    }
  }

  /** Load the program and run it once (or `repeat` times) with BPF_PROG_TEST_RUN. */
  async testRun(request: LoadRequest, input: TestRunInput): Promise<TestRunOutcome> {
    const { result, fd } = await this.loadKeepingFd(request);
    if (fd < 0)
      return { load: result, errno: null, retval: null, dataOut: null, ctxOut: null, durationNs: null };
    try {
      const run = await this.client.testRun({
        fd,
        dataIn: input.data,
        ctxIn: input.ctx,
        dataSizeOut: input.dataSizeOut,
        repeat: input.repeat,
      });
      return {
        load: result,
        errno: run.errno ?? null,
        retval: run.retval ?? null,
        dataOut: run.dataOut ?? null,
        ctxOut: run.ctxOut ?? null,
        durationNs: run.durationNs ?? null,
      };
    } finally {
      await this.client.close([fd]);
    }
  }

  /** Close everything the agent holds for this session. */
  async close(): Promise<void> {
    await this.client.close();
  }

  private async loadKeepingFd(request: LoadRequest): Promise<{ result: LoadResult; fd: number }> {
    const msg = toLoadMessage(request);
    const memlock = request.memlockRlimit ?? null;
    const before = memlock === null ? null : await this.client.setRlimitMemlock(memlock);
    try {
      const reply = await this.client.load(msg, this.loadTimeoutMs);
      const result = this.resultOf(reply, msg);
      if (request.statsReload !== false && (reply.errno === "ENOSPC" || result.stats.processed === null))
        await this.reloadStats(msg, result);
      if (request.wantInfo && reply.fd >= 0) {
        const info = await this.client.info(reply.fd);
        result.info = { xlated: info.xlated ? wordsOf(info.xlated) : null, jitedLen: info.jitedLen ?? null };
      }
      result.diagnosis = diagnose(result, { request });
      return { result, fd: reply.fd };
    } finally {
      if (before) await this.client.setRlimitMemlock(before.previous);
    }
  }

  private resultOf(reply: LoadReply, msg: LoadRequestMsg): LoadResult {
    const log = Buffer.from(reply.log).toString("utf8");
    const stats = parseVerifierStats(log);
    return {
      backend: this.name,
      kernel: this.identityValue,
      verdict: reply.fd >= 0 ? "accepted" : "rejected",
      errno: reply.fd >= 0 ? null : (reply.errno ?? "EUNKNOWN"),
      log,
      logTrueSize: reply.logTrueSize >= 0 && msg.logLevel > 0 ? reply.logTrueSize : null,
      stats: stats ?? emptyStats(),
      statsSource: stats ? "log" : null,
      diagnosis: [],
    };
  }

  private async reloadStats(msg: LoadRequestMsg, result: LoadResult): Promise<void> {
    const again = await this.client.load(
      { ...msg, logLevel: RELOAD_LOG_LEVEL, logSize: RELOAD_LOG_SIZE },
      this.loadTimeoutMs,
    );
    if (again.fd >= 0) await this.client.close([again.fd]);
    const stats = parseVerifierStats(Buffer.from(again.log).toString("utf8"));
    if (!stats) return;
    result.stats = stats;
    result.statsSource = "reload";
  }
}

function accessBits(access: "r" | "w" | "rw"): number {
  return (access.includes("r") ? DEV_ACCESS.read : 0) | (access.includes("w") ? DEV_ACCESS.write : 0);
}

/** ProgInfo.xlated: the xlated `struct bpf_insn` array as its bytes (8 per instruction). */
function wordsOf(bytes: Uint8Array): number[] {
  return [...bytes];
}

export function archOfMachine(machine: string): Arch {
  const row = Object.values(ARCHES).find((r) => r.uname === machine);
  if (!row)
    throw new LabError(
      "KERNEL_AGENT_PROTOCOL",
      `the agent runs on an unknown machine ${JSON.stringify(machine)}`,
    );
  return row.arch;
}

function accessOf(access: string): "r" | "w" | "rw" {
  if (access === "r" || access === "w" || access === "rw") return access;
  throw new LabError("LAB_ARGS_INVALID", `device access must be r, w or rw, got ${JSON.stringify(access)}`, {
    where: { value: access },
  });
}
