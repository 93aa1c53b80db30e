/** `lab vm boot|shell KERNEL`: boot a kernel under QEMU to the agent's hello, or to a shell for a person. */
import type { Command } from "commander";
import { ARCH_NAMES } from "../../lab/arch.js";
import type { Arch } from "../../lab/backend.js";
import { outputFor } from "../context.js";
import { parseChoice } from "../parse-args.js";

export interface VmCliOptions {
  arch?: Arch;
  accel: "auto" | "kvm" | "tcg";
  channel?: string;
  print?: boolean;
}

const CHANNELS = ["virtio-pci", "virtio-mmio", "uart2", "console"] as const;

function vmOptions(command: Command): Command {
  return command
    .argument("<kernel>", "an image id from lab.yaml or debian:<version>, e.g. debian:6.1")
    .option("--arch <arch>", "x86_64 | arm64 (default: this machine's)", parseChoice("--arch", ARCH_NAMES))
    .option(
      "--accel <kind>",
      "kvm | tcg | auto",
      parseChoice("--accel", ["auto", "kvm", "tcg"] as const),
      "auto",
    )
    .option(
      "--channel <kind>",
      "agent channel: virtio-pci | virtio-mmio | uart2 | console",
      parseChoice("--channel", CHANNELS),
    )
    .option("--print", "print the QEMU command line and do not boot");
}

export function register(program: Command): void {
  const vm = program.command("vm").description("boot kernels under QEMU (the qemu backend's VMs)");
  vmOptions(vm.command("boot"))
    .description("boot KERNEL to the guest agent's hello, report the boot time, and stop it")
    .addHelpText(
      "after",
      "\nExamples:\n  lab vm boot debian:6.1 --arch arm64\n  lab vm boot debian:6.12 --print",
    )
    .action(async (kernel: string, options: VmCliOptions, command: Command) => {
      const out = outputFor(command);
      const { runVmBoot } = await import("../vm-run.js");
      await runVmBoot(kernel, options, out);
    });
  vmOptions(vm.command("shell"))
    .description("boot KERNEL with a busybox shell on this terminal (Ctrl-A X quits)")
    .addHelpText(
      "after",
      "\nExamples:\n  lab vm shell debian:6.1\n  lab vm shell debian:6.1 --arch arm64 --print",
    )
    .action(async (kernel: string, options: VmCliOptions, command: Command) => {
      const out = outputFor(command);
      const { runVmShell } = await import("../vm-run.js");
      await runVmShell(kernel, options, out);
    });
}
