/** Drives `lab bisect --model`: read the program, search the features, optionally confirm on QEMU. */
import { hostArch } from "../../lab/arch.js";
import type { Arch, LoadOptions } from "../../lab/backend.js";
import { openBackend } from "../../lab/backends.js";
import { LabError } from "../../lab/errors.js";
import type { Program } from "../../lab/program.js";
import { readProgramFile } from "../../lab/programs/read.js";
import type { BisectCliOptions } from "../commands/bisect.js";
import { DEFAULT_LOG_SIZE, pickProgram } from "../load-run.js";
import type { Output } from "../output.js";
import { bisectModel, describeOutcome, type Outcome, sameOutcome } from "./model-bisect.js";

interface Confirmation {
  kernel: string;
  release: string | null;
  outcome: Outcome | null;
  agreesWithModel: boolean | null;
  error: string | null;
}

export async function runBisect(path: string, options: BisectCliOptions, out: Output): Promise<number> {
  const program = pickProgram(await readProgramFile(path), path);
  if (options.progType) program.progType = options.progType;
  const load = {
    logLevel: options.logLevel,
    logSize: options.logSize ?? (options.logLevel > 0 ? DEFAULT_LOG_SIZE : 0),
    statsReload: false,
  };
  if (options.patches) return runPatchBisect(options.patches, program, load, options.arch ?? hostArch(), out);
  if (!options.good || !options.bad) {
    throw new LabError("LAB_ARGS_INVALID", "lab bisect --model needs --good VERSION and --bad VERSION", {
      hint: "lab bisect --help",
    });
  }
  const result = await bisectModel(options.good, options.bad, program, load);
  const confirmations: Confirmation[] = [];
  if (options.confirm === "qemu") {
    for (const [kernel, model] of [
      [result.good.kernel, result.good.outcome],
      [result.bad.kernel, result.bad.outcome],
    ] as const) {
      confirmations.push(await confirmOnQemu(kernel, model, program, load, options.arch ?? hostArch()));
    }
  }
  if (out.json) out.result({ ...result, confirmations });
  else {
    out.line(
      `good ${result.good.kernel} (profile ${result.good.profile}): ${describeOutcome(result.good.outcome)}`,
    );
    out.line(
      `bad  ${result.bad.kernel} (profile ${result.bad.profile}): ${describeOutcome(result.bad.outcome)}`,
    );
    if (result.differs) {
      out.line(`${result.candidates.length} features differ; ${result.probes} model loads`);
      out.line(out.paint("bold", `the outcome flips with: ${result.minimal.join(" ") || "(none found)"}`));
      if (result.singles.length > 1) out.line(`each of these flips it alone: ${result.singles.join(" ")}`);
    }
    for (const e of result.explanation) out.line(`  ${e}`);
    for (const c of confirmations) {
      out.line(
        c.error
          ? `  qemu debian:${c.kernel}: could not confirm: ${c.error}`
          : `  qemu debian:${c.kernel} (${c.release}): ${describeOutcome(c.outcome!)} — ${c.agreesWithModel ? "agrees with the model" : "DIFFERS from the model"}`,
      );
    }
  }
  return result.differs &&
    result.minimal.length > 0 &&
    confirmations.every((c) => c.agreesWithModel !== false)
    ? 0
    : 1;
}

async function confirmOnQemu(
  kernel: string,
  model: Outcome,
  program: Parameters<typeof bisectModel>[2],
  load: Parameters<typeof bisectModel>[3],
  arch: "x86_64" | "arm64",
): Promise<Confirmation> {
  try {
    const backend = await openBackend("qemu", { kernel: `debian:${kernel}`, arch });
    try {
      const r = await backend.load({ ...load, program });
      const outcome = { verdict: r.verdict, errno: r.errno, logTrueSize: r.logTrueSize };
      return {
        kernel,
        release: r.kernel.release,
        outcome,
        agreesWithModel: sameOutcome(outcome, model),
        error: null,
      };
    } finally {
      await backend.close();
    }
  } catch (error) {
    return { kernel, release: null, outcome: null, agreesWithModel: null, error: (error as Error).message };
  }
}

async function runPatchBisect(
  recipe: string,
  program: Program,
  load: LoadOptions,
  arch: Arch,
  out: Output,
): Promise<number> {
  const { bisectPatches } = await import("./patch-bisect.js");
  const show = (reverted: string[]) =>
    reverted.length ? `reverted ${reverted.join(" ")}` : "nothing reverted";
  const result = await bisectPatches(recipe, program, load, arch, (p) =>
    out.progress(`${show(p.reverted)}: ${p.outcome ? describeOutcome(p.outcome) : p.error}`),
  );
  if (out.json) {
    out.result(result);
  } else {
    for (const p of result.probes)
      out.line(
        `  ${show(p.reverted)}: ${p.outcome ? describeOutcome(p.outcome) : `could not test: ${p.error}`}`,
      );
    if (!result.differs)
      out.line("the recipe with and without its reverts gives the same answer: nothing to bisect");
    else
      out.line(
        out.paint(
          "bold",
          `the outcome flips with the commit(s) reverted by: ${result.minimal.join(" ") || "(none found)"}`,
        ),
      );
  }
  return result.differs && result.minimal.length > 0 ? 0 : 1;
}
