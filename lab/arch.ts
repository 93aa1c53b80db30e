/**
 * The one arch table. Everything that differs between x86_64 and arm64 lives in one row here;
 * no other module branches on arch (it looks the row up instead).
 */
import type { Arch } from "./backend.js";

export interface ArchRow {
  arch: Arch;
  /** Debian's name for it */
  debian: "amd64" | "arm64";
  /** what `uname -m` prints */
  uname: string;
  qemuBinary: string;
  machine: string;
  cpu: string;
  /** the serial console device inside the guest */
  console: string;
  /** where Debian's package puts the kernel image, relative to /boot */
  kernelImage: string;
  /** C compiler for static agent builds */
  cc: string;
  /** virtio bus flavour for the agent channel */
  virtioTransport: "pci" | "mmio";
  /** device for the agent channel when virtio cannot be had */
  channelFallback: "ttyS1" | "console";
  /** qemu: `-cpu` under KVM (under TCG it is `cpu`) */
  kvmCpu: string;
  /** qemu: `-machine` under KVM (arm64: the host's GIC version, which may lack v2) */
  kvmMachine: string;
  /** GNU triple the guest agent is built for (static) */
  agentTriple: string;
  /** qemu: agent channel kinds this machine offers, best first (lab/kernel/qemu/argv.ts) */
  channelKinds: readonly ChannelKind[];
  /** guest device node of the second UART, or null when there is none */
  secondUart: string | null;
  /** the Debian package holding qemuBinary (lab doctor's fix) */
  qemuPackage: string;
  /** the Debian package(s) holding cc on an x86_64 Debian host (lab doctor's fix) */
  ccPackage: string;
  /** ELF e_machine of this arch's binaries (EM_X86_64 62, EM_AARCH64 183) */
  elfMachine: number;
  /** /proc/cpuinfo flags saying the CPU can run KVM guests; empty when cpuinfo cannot tell */
  kvmCpuFlags: readonly string[];
  /** kernel builds (images/build): make's ARCH=, the boot image target and where it lands, the
   * GNU triple whose `<triple>-` prefix is CROSS_COMPILE when building on another arch, and the
   * lab's config fragment for this arch under images/config/ */
  kernelBuild: { makeArch: string; target: string; imagePath: string; triple: string; fragment: string };
}

/**
 * How the guest agent talks to the lab: a virtio-serial port (`virtserialport name=lab.agent`) on a
 * PCI or MMIO virtio-serial bus, a second UART (`ttyS1`), or the one console UART shared with kernel
 * messages (frames are checksummed there).
 */
export type ChannelKind = "virtio-pci" | "virtio-mmio" | "uart2" | "console";

export const ARCHES: Record<Arch, ArchRow> = {
  x86_64: {
    arch: "x86_64",
    debian: "amd64",
    uname: "x86_64",
    qemuBinary: "qemu-system-x86_64",
    machine: "q35",
    cpu: "max",
    console: "ttyS0",
    kernelImage: "vmlinuz",
    cc: "gcc",
    virtioTransport: "pci",
    channelFallback: "ttyS1",
    kvmCpu: "host",
    kvmMachine: "q35",
    agentTriple: "x86_64-linux-gnu",
    channelKinds: ["virtio-pci", "uart2"],
    secondUart: "ttyS1",
    qemuPackage: "qemu-system-x86",
    ccPackage: "gcc libc6-dev",
    elfMachine: 62,
    kvmCpuFlags: ["vmx", "svm"],
    kernelBuild: {
      makeArch: "x86_64",
      target: "bzImage",
      imagePath: "arch/x86/boot/bzImage",
      triple: "x86_64-linux-gnu",
      fragment: "lab-x86_64.config",
    },
  },
  arm64: {
    arch: "arm64",
    debian: "arm64",
    uname: "aarch64",
    qemuBinary: "qemu-system-aarch64",
    machine: "virt",
    // every v8.x feature, with QEMU's cheap pointer-auth algorithm (QARMA makes TCG ~2x slower)
    cpu: "max,pauth-impdef=on",
    console: "ttyAMA0",
    kernelImage: "vmlinuz",
    cc: "aarch64-linux-gnu-gcc",
    virtioTransport: "pci",
    channelFallback: "console",
    kvmCpu: "host",
    kvmMachine: "virt,gic-version=max",
    agentTriple: "aarch64-linux-gnu",
    channelKinds: ["virtio-pci", "virtio-mmio", "console"],
    secondUart: null,
    qemuPackage: "qemu-system-arm",
    ccPackage: "gcc-aarch64-linux-gnu libc6-dev-arm64-cross",
    elfMachine: 183,
    kvmCpuFlags: [],
    kernelBuild: {
      makeArch: "arm64",
      target: "Image",
      imagePath: "arch/arm64/boot/Image",
      triple: "aarch64-linux-gnu",
      fragment: "lab-arm64.config",
    },
  },
};

export const ARCH_NAMES = Object.keys(ARCHES) as Arch[];

export function isArch(value: string): value is Arch {
  return Object.hasOwn(ARCHES, value);
}

/** This machine's arch, from `uname -m` / process.arch. */
export function hostArch(): Arch {
  return process.arch === "arm64" ? "arm64" : "x86_64";
}
