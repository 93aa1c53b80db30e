/**
 * `lab bisect --model`: which profile features turn the good kernel's answer into the bad one's.
 * The candidates are the features that differ between the two profiles; each is applied to the
 * good profile as a what-if toggle, and the outcome (verdict + errno) compared with the bad one.
 */
import type { LoadOptions, LoadResult } from "../../lab/backend.js";
import { openBackend } from "../../lab/backends.js";
import { FEATURE_NAMES, FEATURES, resolveProfile } from "../../lab/model/profiles/index.js";
import type { Program } from "../../lab/program.js";
import { findCulprits } from "./search.js";

export interface Outcome {
  verdict: LoadResult["verdict"];
  errno: string | null;
  /** bytes the log needed (not part of the comparison; it shows why a log-size outcome flips) */
  logTrueSize?: number | null;
}

export interface ModelBisectResult {
  good: { kernel: string; profile: string; outcome: Outcome };
  bad: { kernel: string; profile: string; outcome: Outcome };
  differs: boolean;
  /** toggles (`+name`/`-name`) that differ between the profiles, in feature-table order */
  candidates: string[];
  singles: string[];
  minimal: string[];
  probes: number;
  explanation: string[];
}

export const sameOutcome = (a: Outcome, b: Outcome) => a.verdict === b.verdict && a.errno === b.errno;
export const describeOutcome = (o: Outcome) =>
  (o.verdict === "accepted" ? "accepted" : `rejected with ${o.errno}`) +
  (o.logTrueSize ? ` (the log needed ${o.logTrueSize} bytes)` : "");

async function outcomeOn(
  kernel: string,
  features: string,
  program: Program,
  options: LoadOptions,
): Promise<Outcome> {
  const backend = await openBackend("model", { kernel, features });
  try {
    const r = await backend.load({ ...options, program });
    return { verdict: r.verdict, errno: r.errno, logTrueSize: r.logTrueSize };
  } finally {
    await backend.close();
  }
}

export async function bisectModel(
  good: string,
  bad: string,
  program: Program,
  options: LoadOptions,
): Promise<ModelBisectResult> {
  const pg = resolveProfile(good);
  const pb = resolveProfile(bad);
  const goodOutcome = await outcomeOn(good, "", program, options);
  const badOutcome = await outcomeOn(bad, "", program, options);
  const candidates = FEATURE_NAMES.filter((f) => pg.features.has(f) !== pb.features.has(f)).map(
    (f) => `${pb.features.has(f) ? "+" : "-"}${f}`,
  );
  const base = {
    good: { kernel: good, profile: pg.id, outcome: goodOutcome },
    bad: { kernel: bad, profile: pb.id, outcome: badOutcome },
    candidates,
  };
  if (sameOutcome(goodOutcome, badOutcome)) {
    return {
      ...base,
      differs: false,
      singles: [],
      minimal: [],
      probes: 2,
      explanation: [
        `both ${good} and ${bad} give the same answer (${describeOutcome(goodOutcome)}): nothing to bisect`,
      ],
    };
  }
  const search = await findCulprits(candidates, async (set) =>
    sameOutcome(await outcomeOn(good, set.join(","), program, options), badOutcome),
  );
  const explanation = search.minimal.map((toggle) => {
    const name = toggle.slice(1) as (typeof FEATURE_NAMES)[number];
    const info = FEATURES[name];
    return `${toggle}: ${info.description}`;
  });
  if (search.minimal.length === 0)
    explanation.push(
      "no combination of the differing features reproduces the bad answer: the difference lies outside the profile features",
    );
  return {
    ...base,
    differs: true,
    singles: search.singles,
    minimal: search.minimal,
    probes: search.probes + 2,
    explanation,
  };
}
