/**
 * The differential checks shared by host.test.ts and qemu.test.ts: load each seeded random
 * program on a kernel backend and on the model profile of that kernel at log levels 1 and 2
 * (lab/compare/differential.ts), then assert verdict/errno, processed/states and byte-equal logs,
 * printing every divergence with its seed. `floors` are what the model reaches today (regressions
 * fail); the targets of issue 8 (all verdicts, 99% of stats and logs) are asserted as todo where
 * the model is not there yet.
 */
import type { Test } from "tap";
import type { Backend, LoadRequest } from "../../../lab/backend.js";
import { agreementOf, collectPairs, type DiffPair, type Measure } from "../../../lab/compare/differential.js";
import { type RandomProgramOptions, randomProgram } from "../../../lab/model/random/program.js";

export interface Floors {
  /** fraction of (program, level) pairs with the same verdict and errno */
  verdict: number;
  stats: number;
  log1: number;
  log2: number;
}

/** What the issue asks; a floor below it makes that target a todo with the floor's figure. */
export const TARGETS: Floors = { verdict: 1, stats: 0.99, log1: 0.99, log2: 0.99 };

/** Seeds 1..programs of `randomProgram(seed, programOptions)` on both backends at levels 1 and 2. */
export function loadPairs(
  kernel: Backend,
  model: Backend,
  programs: number,
  extra: Partial<LoadRequest> = {},
  programOptions: RandomProgramOptions = {},
): Promise<DiffPair[]> {
  const seeds = Array.from({ length: programs }, (_, i) => i + 1);
  return collectPairs(kernel, model, seeds, (seed) => randomProgram(seed, programOptions), { extra });
}

/** Programs with stack stores and loads (`randomProgram(seed, { stack: true })`), seeds 1..programs. */
export const STACK_PROGRAMS = 300;

export function loadStackPairs(
  kernel: Backend,
  model: Backend,
  programs: number,
  extra: Partial<LoadRequest> = {},
): Promise<DiffPair[]> {
  const seeds = Array.from({ length: programs }, (_, i) => i + 1);
  return collectPairs(kernel, model, seeds, (seed) => randomProgram(seed, { stack: true }), { extra });
}

/** The ld_imm64 set: programs whose registers may also start from 64-bit constants (ld_imm64). */
export const LD_IMM64: RandomProgramOptions = { ldImm64: true };
/** Its size: 300 programs (600 loads, about 20 s per kernel under TCG). */
export const LD_IMM64_PROGRAMS = Number(process.env.LAB_DIFF_LDIMM64_PROGRAMS ?? 300);

/** Check one kernel's pairs against the floors (real assertions) and the targets (todo when above the floor). */
export function checkPairs(
  t: Test,
  name: string,
  pairs: DiffPair[],
  floors: Floors,
  options: { shape?: boolean } = {},
): void {
  const a = agreementOf(pairs);
  t.comment(
    `${name}: ${a.accepted}/${a.programs} accepted, ${a.acceptedWithStates} of them with total_states >= 3`,
  );
  // the shape of the program set (the stack set has its own: 5.10 rejects reads below the allocated stack)
  if (options.shape !== false) {
    t.ok(a.accepted >= a.programs / 2, `${name}: at least half the programs are accepted by the kernel`);
    t.ok(
      a.acceptedWithStates >= 0.3 * a.accepted,
      `${name}: at least 30% of the accepted have total_states >= 3`,
    );
  } else t.ok(a.accepted > 0 && a.accepted < a.programs, `${name}: some programs accepted, some rejected`);
  for (const d of a.divergences) t.comment(`${name} seed ${d.seed} level ${d.level} ${d.kind}: ${d.detail}`);
  measure(t, name, "same verdict and errno", a.verdict, floors.verdict, TARGETS.verdict);
  measure(t, name, "processed/states equal", a.stats, floors.stats, TARGETS.stats);
  measure(t, name, "level-1 logs byte-equal", a.log1, floors.log1, TARGETS.log1);
  measure(t, name, "level-2 logs byte-equal", a.log2, floors.log2, TARGETS.log2);
}

function measure(t: Test, name: string, what: string, m: Measure, floor: number, target: number): void {
  const figure = `${m.equal}/${m.total}`;
  t.comment(`${name}: ${what} ${figure}`);
  t.ok(m.equal >= Math.floor(floor * m.total), `${name}: ${what} on >= ${pct(floor)} (${figure})`);
  if (floor < target) {
    t.ok(m.equal >= Math.ceil(target * m.total - 1e-9), `${name}: ${what} on >= ${pct(target)} (${figure})`, {
      todo: `issue 8 target; the floor so far is ${pct(floor)}`,
    });
  }
}

const pct = (x: number): string => `${Math.round(x * 1000) / 10}%`;
