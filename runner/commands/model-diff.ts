/**
 * `lab model diff`: does the model of kernel K agree with K? Loads seeded random programs
 * (`lab prog random --param seed=N` writes one) on a real kernel (host, or a QEMU image) and on the
 * model profile of that kernel's release, at log levels 1 and 2, and prints the agreement on
 * verdict + errno, processed/states and byte-equal logs, with every divergence by seed.
 * Exit 1 when a verdict or errno differs (or, with --strict, when anything does).
 */
import type { Command } from "commander";
import { ARCH_NAMES } from "../../lab/arch.js";
import type { Arch } from "../../lab/backend.js";
import type { Agreement, Measure } from "../../lab/compare/differential.js";
import { LabError } from "../../lab/errors.js";
import { outputFor } from "../context.js";
import type { Output } from "../output.js";
import { parseChoice, parseInteger } from "../parse-args.js";

interface DiffCliOptions {
  backend: "host" | "qemu";
  kernel?: string;
  arch?: Arch;
  accel: string;
  profile?: string;
  features?: string;
  programs: number;
  firstSeed: number;
  levels: string;
  all?: boolean;
  strict?: boolean;
}

const SHOWN = 20;

export function registerModelDiff(model: Command): void {
  model
    .command("diff")
    .description("load seeded random programs on a real kernel and on its model; print where they disagree")
    .option("--backend <name>", "host | qemu", parseChoice("--backend", ["host", "qemu"] as const), "host")
    .option("--kernel <id>", "qemu image id or debian:<version> (host: must match if given)")
    .option("--arch <arch>", "x86_64 | arm64 (default: this machine's)", parseChoice("--arch", ARCH_NAMES))
    .option("--accel <kind>", "qemu: kvm | tcg | auto", "auto")
    .option(
      "--profile <version>",
      "the model version to compare [the kernel's point release, else its release]",
    )
    .option("--features <list>", "model: toggle profile features, e.g. -precision_backport")
    .option("--programs <n>", "how many programs", parseInteger("--programs", 1, 1_000_000), 200)
    .option("--first-seed <n>", "the first seed", parseInteger("--first-seed", 0), 1)
    .option("--levels <list>", "log levels to compare", "1,2")
    .option("--all", `print every divergence (default: the first ${SHOWN})`)
    .option("--strict", "exit 1 on any divergence, not only on verdicts")
    .addHelpText(
      "after",
      "\nExamples:\n  lab model diff --programs 1000\n  lab model diff --backend qemu --kernel debian:6.1 --programs 1000 --json\n  lab prog random --param seed=11 -o seed11.s && lab load seed11.s --kernel 6.1 --log-level 2",
    )
    .action(async (options: DiffCliOptions, command: Command) => {
      const out = outputFor(command);
      const levels = parseLevels(options.levels);
      const { openBackend } = await import("../../lab/backends.js");
      const { agreementOf, collectPairs } = await import("../../lab/compare/differential.js");
      const { randomProgram } = await import("../../lab/model/random/program.js");
      const kernel = await openBackend(options.backend, options);
      try {
        const identity = await kernel.identity();
        const model = await openBackend("model", {
          // the point release when the image knows it: its stable backports decide some features
          kernel: options.profile ?? identity.version ?? identity.release,
          arch: identity.arch,
          features: options.features,
        });
        const profile = (await model.identity()).profile;
        const seeds = Array.from({ length: options.programs }, (_, i) => options.firstSeed + i);
        let done = 0;
        const pairs = await collectPairs(kernel, model, seeds, randomProgram, {
          levels,
          extra: { memlockRlimit: 1 << 30 },
          onPair: () => {
            done++;
            if (done % 20 === 0) out.progress(`${done}/${seeds.length * levels.length} loads`);
          },
        });
        const agreement = agreementOf(pairs);
        const what = {
          kernel: { backend: options.backend, release: identity.release, arch: identity.arch },
          model: { profile, features: options.features ?? null },
          seeds: { first: options.firstSeed, last: options.firstSeed + options.programs - 1 },
          levels,
        };
        if (out.json) out.result({ ...what, ...agreement });
        else printAgreement(out, what, agreement, options.all ?? false);
        const verdictOff = agreement.verdict.equal < agreement.verdict.total;
        if (verdictOff || (options.strict && agreement.divergences.length > 0)) process.exitCode = 1;
      } finally {
        await kernel.close();
      }
    });
}

function parseLevels(text: string): number[] {
  const levels = text.split(",").map((s) => Number(s.trim()));
  if (levels.length === 0 || levels.some((l) => !Number.isInteger(l) || l < 1 || l > 2)) {
    throw new LabError("LAB_ARGS_INVALID", `--levels: expected 1, 2 or 1,2, not ${JSON.stringify(text)}`, {
      where: { value: text },
    });
  }
  return [...new Set(levels)].sort();
}

interface Described {
  kernel: { backend: string; release: string; arch: string };
  model: { profile?: string };
  seeds: { first: number; last: number };
}

function printAgreement(out: Output, what: Described, a: Agreement, all: boolean): void {
  const k = what.kernel;
  out.line(
    `${out.paint("bold", `model ${what.model.profile}`)} vs ${k.backend} ${k.release} (${k.arch}): ${a.programs} programs, seeds ${what.seeds.first}..${what.seeds.last}`,
  );
  out.line(`  kernel accepted ${a.accepted}/${a.programs} (${a.acceptedWithStates} with total_states >= 3)`);
  const row = (label: string, m: Measure) => {
    if (m.total === 0) return;
    const pct = ((100 * m.equal) / m.total).toFixed(1);
    const style = m.equal === m.total ? "green" : m.equal >= 0.99 * m.total ? "yellow" : "red";
    out.line(
      `  ${label.padEnd(26)} ${`${m.equal}/${m.total}`.padStart(11)} ${out.paint(style, `${pct}%`.padStart(7))}`,
    );
  };
  row("same verdict and errno", a.verdict);
  row("processed/states equal", a.stats);
  row("level-1 logs byte-equal", a.log1);
  row("level-2 logs byte-equal", a.log2);
  if (a.divergences.length === 0) return;
  const shown = all ? a.divergences : a.divergences.slice(0, SHOWN);
  out.line();
  out.line(
    all || shown.length === a.divergences.length
      ? `divergences (${a.divergences.length}):`
      : `divergences (first ${shown.length} of ${a.divergences.length}; --all for every one):`,
  );
  for (const d of shown) out.line(`  seed ${d.seed} level ${d.level} ${d.kind}: ${d.detail}`);
  out.line(
    out.paint("dim", "reproduce one: lab prog random --param seed=N -o p.s, then lab load p.s --log-level 2"),
  );
}
