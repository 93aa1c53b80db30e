/** `lab doctor`: what this machine can do for the lab, and how to fix what it cannot. A report: exits 0. */
import type { Command } from "commander";
import { outputFor } from "../context.js";

export function register(program: Command): void {
  program
    .command("doctor")
    .description(
      "what this machine can do for the lab (bpf, cgroup v2, QEMU, KVM, compilers, busybox, Docker, cache, archive)",
    )
    .addHelpText(
      "after",
      "\nExamples:\n  lab doctor\n  lab doctor --json   # the array of checks: id, title, status (ok|warn|missing), detail, how, fix",
    )
    .action(async (_options: unknown, command: Command) => {
      const out = outputFor(command);
      const { doctorContext, runChecks } = await import("../../lab/doctor/run.js");
      const results = await runChecks(doctorContext());
      if (out.json) out.result(results);
      else {
        const { renderDoctor } = await import("../../lab/doctor/render.js");
        for (const line of renderDoctor(results, out, process.stdout.columns ?? 110)) out.line(line);
      }
    });
}
