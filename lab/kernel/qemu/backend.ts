/**
 * The qemu backend: a Debian (or lab.yaml) kernel booted under QEMU, asked through the guest agent.
 * Loads go through the same AgentSession as the host backend (result mapping, level-4 stats
 * reload), so both return the same LoadResult shape. Backends of one kernel x arch share one VM
 * (lab/kernel/qemu/pool.ts).
 */
import { ARCHES, type ChannelKind, hostArch } from "../../arch.js";
import type {
  Arch,
  Backend,
  CgroupDeviceProbeRequest,
  CgroupDeviceProbeResult,
  KernelIdentity,
  LoadRequest,
  LoadResult,
} from "../../backend.js";
import { LabError } from "../../errors.js";
import { AgentSession } from "../agent/session.js";
import { type AccelChoice, bootWithAccel } from "./accel.js";
import { connectAgent, type QemuAgentLink } from "./agent-link.js";
import type { Accel } from "./argv.js";
import { type Lease, sharedPool, type VmPool } from "./pool.js";
import type { VmTimeouts } from "./states.js";
import { Vm } from "./vm.js";

/** The files to boot, as images/resolve.ts's resolveImage returns them. */
export interface BootImage {
  kernelPath: string;
  initramfsPath: string;
  release: string;
  /** the point release when the image says it (5.10.223; Debian's release name 5.10.0-32-cloud-arm64 does not) */
  version?: string;
}

export interface QemuBackendOptions {
  /** an image id from lab.yaml or debian:<version> [debian:6.1] */
  kernel?: string;
  arch?: Arch;
  accel?: AccelChoice;
  /** the agent channel [the arch's first channel kind] */
  channel?: ChannelKind;
  timeouts?: Partial<VmTimeouts>;
  /** a marker for the VM's name and log folder (tests find their QEMUs by it) */
  label?: string;
  pool?: VmPool;
  /** how to get the files for (kernel, arch) [images/resolve.ts's resolveImage] */
  resolve?: (kernel: string, arch: Arch) => Promise<BootImage>;
}

export const DEFAULT_QEMU_KERNEL = "debian:6.1";

/** A booted VM with its agent, as the pool keeps it. */
export class BootedVm {
  constructor(
    readonly vm: Vm<QemuAgentLink>,
    readonly accel: Accel,
    readonly accelWhy: string,
    readonly image: BootImage,
  ) {}

  usable(): boolean {
    return this.vm.state === "ready" || this.vm.state === "busy";
  }

  stop(): Promise<void> {
    return this.vm.stop();
  }
}

export interface QemuBackend extends Backend {
  readonly booted: BootedVm;
  readonly session: AgentSession;
}

export async function createQemuBackend(options: QemuBackendOptions = {}): Promise<QemuBackend> {
  const kernel = options.kernel ?? DEFAULT_QEMU_KERNEL;
  const arch = options.arch ?? hostArch();
  const channel = options.channel ?? ARCHES[arch].channelKinds[0]!;
  const accel = options.accel ?? "auto";
  const image = await (options.resolve ?? resolveBootImage)(kernel, arch);
  const pool = options.pool ?? sharedPool();
  const key = [image.kernelPath, image.initramfsPath, arch, accel, channel, options.label ?? ""].join("|");
  const lease = await pool.acquire(key, () => bootVm(image, { ...options, kernel, arch, channel, accel }));
  return backendOf(lease);
}

export async function resolveBootImage(kernel: string, arch: Arch): Promise<BootImage> {
  // images/resolve.ts: fetch + verify the kernel, assemble the initramfs (busybox, agent, modules)
  const specifier = "../../../images/resolve.js";
  const images = (await import(specifier)) as { resolveImage(id: string, arch: Arch): Promise<BootImage> };
  return images.resolveImage(kernel, arch);
}

type BootOptions = QemuBackendOptions & {
  kernel: string;
  arch: Arch;
  channel: ChannelKind;
  accel: AccelChoice;
};

/** Boots one VM for an image: KVM when it works here (probed once per machine), else TCG. */
export async function bootVm(image: BootImage, options: BootOptions): Promise<BootedVm> {
  const label = `lab-${options.label ?? "vm"}-${options.kernel.replace(/[^A-Za-z0-9.]/g, "")}-${options.arch}`;
  const { value, accel, why } = await bootWithAccel(options.accel, options.arch, async (accel, timeoutMs) => {
    const vm = new Vm<QemuAgentLink>({
      arch: options.arch,
      accel,
      kernelPath: image.kernelPath,
      initramfsPath: image.initramfsPath,
      channel: options.channel,
      label,
      timeouts: timeoutMs === null ? options.timeouts : { ...options.timeouts, bootMs: timeoutMs },
      connect: (socket) => connectAgent(socket, `qemu ${options.kernel} ${options.arch}`),
    });
    return vm.boot();
  });
  const hello = value.hello as { bpfSyscall?: number; bpfErrno?: string };
  if (hello.bpfSyscall !== 1) {
    await value.stop();
    throw new LabError(
      "KERNEL_UNAVAILABLE",
      `bpf() does not work in ${options.kernel} ${options.arch}: ${hello.bpfErrno ?? "?"}`,
    );
  }
  await raiseMemlockLikeSystemd(value.agent.client, value.hello as { memlock?: number });
  return new BootedVm(value, accel, why, image);
}

/**
 * The guest's init is the agent, so it starts with the kernel's default RLIMIT_MEMLOCK (64 KiB
 * before 5.16). On a kernel that charges programs to it (< 5.11) a load could then fail with EPERM
 * while earlier programs' pages are still being uncharged after an RCU grace period: a timing
 * accident, not an answer. Services on a current distribution start with systemd's 8 MiB, so the
 * guest does too; a loader's `memlock_rlimit` still sets any other value for its loads.
 */
const GUEST_MEMLOCK = 8 << 20;

async function raiseMemlockLikeSystemd(
  client: { setRlimitMemlock(value: number): Promise<unknown> },
  hello: { memlock?: number },
): Promise<void> {
  const now = hello.memlock ?? -2;
  if (now === -1 || now >= GUEST_MEMLOCK) return; // -1: unlimited
  await client.setRlimitMemlock(GUEST_MEMLOCK);
}

function backendOf(lease: Lease<BootedVm>): QemuBackend {
  const booted = lease.vm;
  const link = booted.vm.agent;
  const session = new AgentSession("qemu", link.client, booted.vm.hello as never);
  const version = booted.image.version;
  const identity: KernelIdentity = version ? { ...session.identityValue, version } : session.identityValue;
  let closed = false;
  return {
    name: "qemu",
    booted,
    session,
    identity: async () => identity,
    load: (request: LoadRequest): Promise<LoadResult> => booted.vm.request(() => session.load(request)),
    probeCgroupDevice: (request: CgroupDeviceProbeRequest): Promise<CgroupDeviceProbeResult> =>
      booted.vm.request(() => session.probeCgroupDevice(request)),
    close: async () => {
      if (closed) return;
      closed = true;
      await lease.release();
    },
  };
}
