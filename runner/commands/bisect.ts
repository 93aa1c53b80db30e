/** `lab bisect`: which change flips a program's outcome between a good and a bad kernel. */
import type { Command } from "commander";
import { outputFor } from "../context.js";
import { parseChoice, parseInteger } from "../parse-args.js";

export interface BisectCliOptions {
  model?: boolean;
  patches?: string;
  good?: string;
  bad?: string;
  progType?: string;
  logLevel: number;
  logSize?: number;
  confirm: "none" | "qemu";
  arch?: "x86_64" | "arm64";
}

export function register(program: Command): void {
  program
    .command("bisect")
    .description(
      "find the model feature(s) or the patch(es) that turn a good kernel's answer into a bad one's",
    )
    .argument("<prog>", "program file (.o, .bin, .s) as for `lab load`")
    .option("--model", "bisect over the model's profile features between --good and --bad (the default)")
    .option("--patches <recipe>", "bisect over a source recipe's revert series on booted kernels (QEMU)")
    .option("--good <version>", "model: a kernel version whose answer is the good one (e.g. 5.15.126)")
    .option("--bad <version>", "model: a kernel version whose answer is the bad one (e.g. 5.15.127)")
    .option("--prog-type <name>", "program type when the file does not say")
    .option("--log-level <n>", "verifier log level", parseInteger("--log-level", 0, 7), 1)
    .option(
      "--log-size <bytes>",
      "log buffer size [16 MiB when the level is above 0]",
      parseInteger("--log-size", 0, 2 ** 31 - 1),
    )
    .option(
      "--confirm <where>",
      "also load both endpoints on real kernels: none | qemu (debian:<version>)",
      parseChoice("--confirm", ["none", "qemu"] as const),
      "none",
    )
    .option("--arch <arch>", "arch for --confirm qemu", parseChoice("--arch", ["x86_64", "arm64"] as const))
    .addHelpText(
      "after",
      "\nExample:\n  lab prog slurm-device --devices 23 -o slurm23.bin\n  lab bisect --model --good 5.15.126 --bad 5.15.127 slurm23.bin --prog-type cgroup_device --log-size 8192\n  lab bisect --patches src-5.10-tiny-prebackport slurm23.bin --prog-type cgroup_device --log-size 8192",
    )
    .action(async (prog: string, options: BisectCliOptions, command: Command) => {
      const out = outputFor(command);
      const { runBisect } = await import("../bisect/command.js");
      process.exitCode = await runBisect(prog, options, out);
    });
}
