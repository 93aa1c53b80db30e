/**
 * The differential comparison shared by host.test.ts and qemu.test.ts: load each seeded random
 * program on a kernel backend and on the model profile of that kernel at log levels 1 and 2,
 * then check (and print, with seeds) verdict/errno, processed/states, and byte-equal logs.
 * `floors` are what the model reaches today (regressions fail); the targets of issue 8 (all
 * verdicts, 99% of stats and logs) are asserted as todo where the model is not there yet.
 */
import type { Test } from "tap";
import type { Backend, LoadRequest, LoadResult } from "../../../lab/backend.js";
import { randomProgram } from "../../../lab/model/random/program.js";

export interface Pair {
  seed: number;
  level: number;
  kernel: LoadResult;
  model: LoadResult | Error;
}

export interface Floors {
  /** fraction of (program, level) pairs with the same verdict and errno */
  verdict: number;
  stats: number;
  log1: number;
  log2: number;
}

/** What the issue asks; a floor below it makes that target a todo with the floor's figure. */
export const TARGETS: Floors = { verdict: 1, stats: 0.99, log1: 0.99, log2: 0.99 };

export async function loadPairs(
  kernel: Backend,
  model: Backend,
  programs: number,
  extra: Partial<LoadRequest> = {},
): Promise<Pair[]> {
  const pairs: Pair[] = [];
  for (let seed = 1; seed <= programs; seed++) {
    const program = randomProgram(seed);
    for (const level of [1, 2]) {
      const request: LoadRequest = {
        program,
        logLevel: level,
        logSize: 4 << 20,
        statsReload: false,
        ...extra,
      };
      const k = await kernel.load(request);
      const m = await model
        .load(request)
        .catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
      pairs.push({ seed, level, kernel: k, model: m });
    }
  }
  return pairs;
}

function firstDifference(a: string, b: string): string {
  const x = a.split("\n");
  const y = b.split("\n");
  const i = x.findIndex((line, k) => line !== y[k]);
  const at = i < 0 ? x.length : i;
  return `line ${at + 1}:\n    kernel: ${x[at] ?? "<end>"}\n    model:  ${y[at] ?? "<end>"}`;
}

type Tap = Test;

/** Check one kernel's pairs against the floors (real assertions) and the targets (todo when above the floor). */
export function checkPairs(t: Tap, name: string, pairs: Pair[], floors: Floors): void {
  const level1 = pairs.filter((p) => p.level === 1);
  const programs = level1.length;
  const accepted = level1.filter((p) => p.kernel.verdict === "accepted");
  const withStates = accepted.filter((p) => (p.kernel.stats.totalStates ?? 0) >= 3);
  t.comment(
    `${name}: ${accepted.length}/${programs} accepted, ${withStates.length} of them with total_states >= 3`,
  );
  t.ok(accepted.length >= programs / 2, `${name}: at least half the programs are accepted by the kernel`);
  t.ok(
    withStates.length >= 0.3 * accepted.length,
    `${name}: at least 30% of the accepted have total_states >= 3`,
  );

  const verdictOff = pairs.filter(
    (p) =>
      p.model instanceof Error || p.model.verdict !== p.kernel.verdict || p.model.errno !== p.kernel.errno,
  );
  for (const p of verdictOff) {
    const model =
      p.model instanceof Error ? `error ${p.model.message}` : `${p.model.verdict} ${p.model.errno}`;
    const reason = p.kernel.log.trimEnd().split("\n").at(-2) ?? "";
    t.comment(
      `${name} seed ${p.seed} level ${p.level}: kernel ${p.kernel.verdict} ${p.kernel.errno} (${reason}), model ${model}`,
    );
  }
  measure(
    t,
    name,
    "same verdict and errno",
    pairs.length - verdictOff.length,
    pairs.length,
    floors.verdict,
    TARGETS.verdict,
  );

  const comparable = pairs.filter((p): p is Pair & { model: LoadResult } => !verdictOff.includes(p));
  const statsOff = comparable.filter(
    (p) =>
      p.level === 1 &&
      (p.model.stats.processed !== p.kernel.stats.processed ||
        p.model.stats.totalStates !== p.kernel.stats.totalStates ||
        p.model.stats.peakStates !== p.kernel.stats.peakStates),
  );
  const s = (r: LoadResult) => `${r.stats.processed}/${r.stats.totalStates}/${r.stats.peakStates}`;
  for (const p of statsOff)
    t.comment(`${name} seed ${p.seed}: processed/total/peak kernel ${s(p.kernel)}, model ${s(p.model)}`);
  const statsEqual = comparable.filter((p) => p.level === 1).length - statsOff.length;
  measure(t, name, "processed/states equal", statsEqual, programs, floors.stats, TARGETS.stats);

  for (const level of [1, 2] as const) {
    const mine = comparable.filter((p) => p.level === level);
    const off = mine.filter((p) => p.model.log !== p.kernel.log);
    for (const p of off)
      t.comment(
        `${name} seed ${p.seed} level ${level} log differs at ${firstDifference(p.kernel.log, p.model.log)}`,
      );
    const floor = level === 1 ? floors.log1 : floors.log2;
    measure(
      t,
      name,
      `level-${level} logs byte-equal`,
      mine.length - off.length,
      programs,
      floor,
      level === 1 ? TARGETS.log1 : TARGETS.log2,
    );
  }
}

function measure(
  t: Tap,
  name: string,
  what: string,
  good: number,
  total: number,
  floor: number,
  target: number,
): void {
  const figure = `${good}/${total}`;
  t.comment(`${name}: ${what} ${figure}`);
  t.ok(good >= Math.floor(floor * total), `${name}: ${what} on >= ${pct(floor)} (${figure})`);
  if (floor < target) {
    t.ok(good >= Math.ceil(target * total - 1e-9), `${name}: ${what} on >= ${pct(target)} (${figure})`, {
      todo: `issue 8 target; the floor so far is ${pct(floor)}`,
    });
  }
}

const pct = (x: number): string => `${Math.round(x * 1000) / 10}%`;
