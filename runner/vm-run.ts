/** The work behind `lab vm boot` and `lab vm shell` (runner/commands/vm.ts). */
import { ARCHES, type ChannelKind } from "../lab/arch.js";
import { LabError } from "../lab/errors.js";
import { accelEnv, planAccel, readAccelCache } from "../lab/kernel/qemu/accel.js";
import type { QemuAgentLink } from "../lab/kernel/qemu/agent-link.js";
import { formatArgv } from "../lab/kernel/qemu/argv.js";
import { bootVm, DEFAULT_QEMU_KERNEL, resolveBootImage } from "../lab/kernel/qemu/backend.js";
import { planShell } from "../lab/kernel/qemu/shell.js";
import { Vm } from "../lab/kernel/qemu/vm.js";
import type { VmCliOptions } from "./commands/vm.js";
import { defaultArch } from "./load-run.js";
import type { Output } from "./output.js";

async function resolve(kernel: string, options: VmCliOptions) {
  const arch = defaultArch(options.arch);
  const channel = (options.channel ?? ARCHES[arch].channelKinds[0]!) as ChannelKind;
  const image = await resolveBootImage(kernel || DEFAULT_QEMU_KERNEL, arch);
  return { arch, channel, image };
}

export async function runVmBoot(kernel: string, options: VmCliOptions, out: Output): Promise<void> {
  const { arch, channel, image } = await resolve(kernel, options);
  if (options.print) {
    const env = accelEnv();
    const plan = planAccel(options.accel, arch, env, readAccelCache(env.cacheRoot, arch));
    const vm = new Vm<QemuAgentLink>({
      arch,
      accel: plan.accel,
      kernelPath: image.kernelPath,
      initramfsPath: image.initramfsPath,
      channel,
      label: `lab-vm-${arch}`,
      connect: () => {
        throw new LabError("LAB_INTERNAL", "--print does not boot");
      },
    });
    await vm.stop();
    if (out.json) out.result({ argv: vm.argv, accel: plan.accel, accelWhy: plan.why });
    else out.line(formatArgv(vm.argv));
    return;
  }
  out.progress(`booting ${kernel} ${arch} ...`);
  const booted = await bootVm(image, { kernel, arch, channel, accel: options.accel, label: "vm" });
  const report = {
    kernel,
    release: image.release,
    arch,
    accel: booted.accel,
    accelWhy: booted.accelWhy,
    channel,
    bootMs: Math.round(booted.vm.bootMs ?? 0),
    hello: booted.vm.hello,
    console: booted.vm.consolePath,
    stoppedBy: null as string | null,
  };
  await booted.stop();
  report.stoppedBy = booted.vm.stoppedBy;
  if (out.json) out.result(report);
  else {
    out.line(
      `${out.paint("green", "ready")} ${kernel} (${image.release}) ${arch} in ${report.bootMs} ms under ${booted.accel} (${booted.accelWhy})`,
    );
    out.line(`channel ${channel}; stopped by ${report.stoppedBy}; console log ${report.console}`);
  }
}

export async function runVmShell(kernel: string, options: VmCliOptions, out: Output): Promise<void> {
  const { arch, channel, image } = await resolve(kernel, options);
  const env = accelEnv();
  const plan = planAccel(options.accel, arch, env, readAccelCache(env.cacheRoot, arch));
  // an interactive session does not probe: unknown KVM means TCG
  const accel = plan.probe ? "tcg" : plan.accel;
  const shell = planShell({
    arch,
    accel,
    kernelPath: image.kernelPath,
    initramfsPath: image.initramfsPath,
    channel,
    label: `lab-shell-${arch}`,
  });
  if (options.print) {
    shell.discard();
    if (out.json) out.result({ argv: shell.argv, accel });
    else out.line(formatArgv(shell.argv));
    return;
  }
  out.note(
    `${kernel} (${image.release}) ${arch} under ${accel}: a busybox shell; Ctrl-A X quits. Console log: ${shell.consolePath}`,
  );
  const exit = await shell.run();
  if (exit.code !== 0) process.exitCode = 1;
}
