/**
 * The QEMU command line, built from a config and the arch table and nothing else: pure, so that it
 * is snapshot-tested and `lab vm boot --print` shows exactly what would run. Starting QEMU is
 * lab/kernel/qemu/spawn.ts's job.
 */
import { ARCHES, type ChannelKind } from "../../arch.js";
import type { Arch } from "../../backend.js";
import { LabError } from "../../errors.js";

export type Accel = "kvm" | "tcg";

/** Where one VM keeps its sockets and its console log. */
export interface VmPaths {
  /** QMP control socket (QEMU listens) */
  qmp: string;
  /** agent channel socket (the lab listens, QEMU connects) */
  agent: string;
  /** the kernel console, kept after the VM stops */
  console: string;
}

export interface QemuConfig {
  arch: Arch;
  accel: Accel;
  kernelPath: string;
  initramfsPath: string;
  paths: VmPaths;
  /** `-name`: names the VM in `ps`; tests put a marker here */
  name: string;
  channel: ChannelKind;
  memoryMiB?: number;
  cpus?: number;
  /** "agent" serves the agent; "shell" puts a busybox shell on the console for a person (stdio) */
  mode?: "agent" | "shell";
  /** extra words for the kernel command line */
  append?: readonly string[];
  /** overrides the arch table's `-cpu` */
  cpu?: string;
}

export const DEFAULT_MEMORY_MIB = 512;

/** `[binary, ...args]` for one VM. */
export function buildQemuArgv(config: QemuConfig): string[] {
  const row = ARCHES[config.arch];
  if (!row.channelKinds.includes(config.channel)) {
    throw new LabError(
      "LAB_ARGS_INVALID",
      `channel ${config.channel} is not available on ${config.arch} (${row.channelKinds.join(", ")})`,
      { where: { value: config.channel } },
    );
  }
  const cpu = config.cpu ?? (config.accel === "kvm" ? row.kvmCpu : row.cpu);
  return [
    row.qemuBinary,
    ...["-name", config.name],
    ...["-machine", config.accel === "kvm" ? row.kvmMachine : row.machine],
    ...["-accel", config.accel],
    ...["-cpu", cpu],
    ...["-m", String(config.memoryMiB ?? DEFAULT_MEMORY_MIB)],
    ...["-smp", String(config.cpus ?? 1)],
    "-nodefaults",
    "-no-user-config",
    "-no-reboot",
    ...(config.mode === "shell" ? ["-nographic"] : ["-display", "none"]),
    ...["-kernel", config.kernelPath],
    ...["-initrd", config.initramfsPath],
    ...["-append", kernelCommandLine(config).join(" ")],
    ...["-qmp", `unix:${config.paths.qmp},server=on,wait=off`],
    ...consoleArgs(config),
    ...channelArgs(config),
  ];
}

/** The guest kernel's command line: console, no reboot on panic, and where the agent lives. */
export function kernelCommandLine(config: QemuConfig): string[] {
  const row = ARCHES[config.arch];
  const words = [`console=${row.console}`, "panic=-1", "oops=panic"];
  // On a shared console the agent's frames compete with kernel messages: keep the kernel quiet.
  words.push(config.channel === "console" ? "quiet loglevel=0" : "quiet loglevel=4");
  if (config.mode === "shell") words.push("lab.shell");
  else {
    const device = guestChannelDevice(config.arch, config.channel);
    // virtio: /init finds the port by its name; a UART is named outright
    if (device !== null) words.push(`lab.channel=${device}`);
  }
  return [...words, ...(config.append ?? [])];
}

/** The guest device the agent must use, or null for a virtio port /init finds by its name. */
export function guestChannelDevice(arch: Arch, channel: ChannelKind): string | null {
  const row = ARCHES[arch];
  switch (channel) {
    case "virtio-pci":
    case "virtio-mmio":
      return null;
    case "uart2":
      return `/dev/${row.secondUart ?? row.console}`;
    case "console":
      return `/dev/${row.console}`;
  }
}

function consoleArgs(config: QemuConfig): string[] {
  const log = config.paths.console;
  if (config.mode === "shell") {
    // stdio for the person, a copy in the log; Ctrl-C goes to the guest, Ctrl-A X quits.
    return [
      ...["-chardev", `stdio,id=con,mux=on,signal=off,logfile=${log}`],
      ...["-serial", "chardev:con"],
      ...["-mon", "chardev=con,mode=readline"],
    ];
  }
  if (config.channel === "console") {
    // one UART carries both the console and the agent's frames; the log keeps a copy of it all
    return [
      ...["-chardev", `socket,id=agent,path=${config.paths.agent},logfile=${log}`],
      ...["-serial", "chardev:agent"],
    ];
  }
  return [...["-chardev", `file,id=con,path=${log}`], ...["-serial", "chardev:con"]];
}

function channelArgs(config: QemuConfig): string[] {
  if (config.mode === "shell" || config.channel === "console") return [];
  const socket = ["-chardev", `socket,id=agent,path=${config.paths.agent}`];
  switch (config.channel) {
    case "uart2":
      return [...socket, ...["-serial", "chardev:agent"]];
    case "virtio-pci":
    case "virtio-mmio":
      return [
        ...socket,
        ...[
          "-device",
          `${config.channel === "virtio-pci" ? "virtio-serial-pci" : "virtio-serial-device"},id=vser`,
        ],
        ...["-device", "virtserialport,bus=vser.0,chardev=agent,name=lab.agent"],
      ];
  }
}

/** The command line as a person would paste it into a shell. */
export function formatArgv(argv: readonly string[]): string {
  return argv.map(quoteWord).join(" ");
}

function quoteWord(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
