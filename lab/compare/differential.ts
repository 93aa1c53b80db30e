/**
 * Does the model of kernel K agree with K? The differential comparison of seeded random programs
 * (lab/model/random): each (seed, log level) is loaded on a kernel backend and on the model, and
 * the pair is judged on verdict + errno, processed/total_states/peak_states (level 1 only: one
 * figure per program), and byte-equal logs. Pure: loading is the caller's (`collectPairs`).
 */
import type { Backend, LoadRequest, LoadResult } from "../backend.js";
import type { Program } from "../program.js";

export interface DiffPair {
  seed: number;
  level: number;
  kernel: LoadResult;
  /** an Error when the model could not answer (MODEL_UNSUPPORTED, a crash) */
  model: LoadResult | Error;
}

export type DivergenceKind = "verdict" | "stats" | "log";

export interface Divergence {
  seed: number;
  level: number;
  kind: DivergenceKind;
  /** one line: the two verdicts, the two stat triples, or the first differing log line */
  detail: string;
}

export interface Measure {
  equal: number;
  total: number;
}

export interface Agreement {
  programs: number;
  /** programs the kernel accepted at level 1, and those of them with total_states >= 3 */
  accepted: number;
  acceptedWithStates: number;
  verdict: Measure;
  stats: Measure;
  log1: Measure;
  log2: Measure;
  divergences: Divergence[];
}

/** Load every seed at every level on both backends, in order; `onPair` sees each pair as it lands. */
export async function collectPairs(
  kernel: Backend,
  model: Backend,
  seeds: Iterable<number>,
  programOf: (seed: number) => Program,
  options: { levels?: readonly number[]; extra?: Partial<LoadRequest>; onPair?: (p: DiffPair) => void } = {},
): Promise<DiffPair[]> {
  const pairs: DiffPair[] = [];
  for (const seed of seeds) {
    const program = programOf(seed);
    for (const level of options.levels ?? [1, 2]) {
      const request: LoadRequest = {
        program,
        logLevel: level,
        logSize: 4 << 20,
        statsReload: false,
        ...options.extra,
      };
      const k = await kernel.load(request);
      const m = await model
        .load(request)
        .catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
      const pair = { seed, level, kernel: k, model: m };
      options.onPair?.(pair);
      pairs.push(pair);
    }
  }
  return pairs;
}

const statTriple = (r: LoadResult): string =>
  `${r.stats.processed}/${r.stats.totalStates}/${r.stats.peakStates}`;

/** "line N: kernel <text> | model <text>" for the first line where two logs differ. */
export function firstLogDifference(kernel: string, model: string): string {
  const x = kernel.split("\n");
  const y = model.split("\n");
  let at = x.findIndex((line, k) => line !== y[k]);
  if (at < 0) at = x.length;
  return `line ${at + 1}: kernel ${JSON.stringify(x[at] ?? "<end>")} | model ${JSON.stringify(y[at] ?? "<end>")}`;
}

/** The divergences of one pair, in the order verdict, stats, log (none when they agree). */
export function divergencesOf(p: DiffPair): Divergence[] {
  const { seed, level, kernel } = p;
  if (p.model instanceof Error) {
    return [
      {
        seed,
        level,
        kind: "verdict",
        detail: `kernel ${verdictOf(kernel)}, model error: ${p.model.message}`,
      },
    ];
  }
  const model = p.model;
  if (model.verdict !== kernel.verdict || model.errno !== kernel.errno) {
    return [
      { seed, level, kind: "verdict", detail: `kernel ${verdictOf(kernel)}, model ${verdictOf(model)}` },
    ];
  }
  const out: Divergence[] = [];
  if (level === 1 && statTriple(model) !== statTriple(kernel)) {
    out.push({
      seed,
      level,
      kind: "stats",
      detail: `processed/total_states/peak_states kernel ${statTriple(kernel)}, model ${statTriple(model)}`,
    });
  }
  if (model.log !== kernel.log) {
    out.push({ seed, level, kind: "log", detail: firstLogDifference(kernel.log, model.log) });
  }
  return out;
}

function verdictOf(r: LoadResult): string {
  return r.errno ? `${r.verdict} ${r.errno}` : r.verdict;
}

/** The agreement figures over all pairs. Stats count once per program (its level-1 pair). */
export function agreementOf(pairs: readonly DiffPair[]): Agreement {
  const divergences = pairs.flatMap(divergencesOf);
  const firstLevel = Math.min(...pairs.map((p) => p.level));
  const perProgram = pairs.filter((p) => p.level === firstLevel);
  const accepted = perProgram.filter((p) => p.kernel.verdict === "accepted");
  const count = (kind: DivergenceKind, level?: number) =>
    divergences.filter((d) => d.kind === kind && (level === undefined || d.level === level)).length;
  const atLevel = (level: number) => pairs.filter((p) => p.level === level).length;
  const verdictOff = new Set(
    divergences.filter((d) => d.kind === "verdict").map((d) => `${d.seed}:${d.level}`),
  );
  const comparableAt = (level: number) =>
    pairs.filter((p) => p.level === level && !verdictOff.has(`${p.seed}:${p.level}`)).length;
  return {
    programs: perProgram.length,
    accepted: accepted.length,
    acceptedWithStates: accepted.filter((p) => (p.kernel.stats.totalStates ?? 0) >= 3).length,
    verdict: { equal: pairs.length - count("verdict"), total: pairs.length },
    // a pair whose verdicts differ is not compared further: it counts as unequal everywhere
    stats: { equal: comparableAt(1) - count("stats"), total: atLevel(1) },
    log1: { equal: comparableAt(1) - count("log", 1), total: atLevel(1) },
    log2: { equal: comparableAt(2) - count("log", 2), total: atLevel(2) },
    divergences,
  };
}
