/** `lab load PROG`: ask one kernel (or the model of one) about one program. CONTRACT.md. */
import type { Command } from "commander";
import { ARCH_NAMES } from "../../lab/arch.js";
import type { Arch, BackendName, LoadResult } from "../../lab/backend.js";
import { BACKEND_NAMES } from "../../lab/backend.js";
import { outputFor } from "../context.js";
import { parseChoice, parseInteger } from "../parse-args.js";

export interface LoadCliOptions {
  backend: BackendName;
  kernel?: string;
  arch?: Arch;
  progType?: string;
  logLevel: number;
  logSize?: number;
  section?: string;
  prog?: string;
  features?: string;
  accel?: string;
  statsReload: boolean;
  memlock?: number;
}

export function register(program: Command): void {
  program
    .command("load")
    .description("load one program into a kernel (or the model of one) and print the verifier's answer")
    .argument("<prog>", "program: .o (BPF ELF), .bin (raw insns), .s/.asm (verifier-log syntax) or - (stdin)")
    .option("--backend <name>", "model | host | qemu", parseChoice("--backend", BACKEND_NAMES), "model")
    .option("--kernel <id>", "model version (5.15.127, 6.1.170, host), qemu image id or debian:<version>")
    .option("--arch <arch>", "x86_64 | arm64 (default: this machine's)", parseChoice("--arch", ARCH_NAMES))
    .option("--prog-type <name>", "cgroup_device, socket_filter, xdp, sched_cls, kprobe, ...")
    .option(
      "--log-level <n>",
      "verifier log level (0, 1, 2, 4 or sums)",
      parseInteger("--log-level", 0, 7),
      1,
    )
    .option(
      "--log-size <bytes>",
      "log buffer size [16 MiB when the level is above 0]",
      parseInteger("--log-size", 0, 2 ** 31 - 1),
    )
    .option("--section <name>", "ELF: the program's section")
    .option("--prog <name>", "ELF: the program's function name")
    .option("--features <list>", "model: toggle profile features, e.g. +log_rotate,-precision_backport")
    .option("--accel <kind>", "qemu: kvm | tcg | auto", "auto")
    .option("--memlock <bytes>", "set RLIMIT_MEMLOCK before loading", parseInteger("--memlock"))
    .option("--no-stats-reload", "do not reload at log level 4 to recover stats lost to a full log")
    .addHelpText(
      "after",
      "\nExamples:\n  lab prog slurm-device --devices 23 -o slurm23.bin\n  lab load slurm23.bin --prog-type cgroup_device --log-size 8192 --kernel 5.15.127\n  lab load slurm23.bin --backend host --prog-type cgroup_device --log-size 8192 --json",
    )
    .action(async (prog: string, options: LoadCliOptions, command: Command) => {
      const out = outputFor(command);
      const { runLoad } = await import("../load-run.js");
      const result = await runLoad(prog, options);
      if (out.json) out.result(result);
      else {
        const { renderLoadResult } = await import("../render/load-result.js");
        out.line(renderLoadResult(result, out));
      }
      process.exitCode = result.verdict === "accepted" ? 0 : 1;
    });
}

export type { LoadResult };
