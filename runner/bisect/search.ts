/**
 * Finding which changes flip an outcome, independent of what a change is (a model feature, a
 * patch): single changes first, then a minimal set by delta debugging (ddmin) over the ordered
 * list. `flips(set)` says whether applying `set` to the good side gives the bad outcome.
 */
export interface SearchResult<T> {
  /** changes that flip the outcome each on its own */
  singles: T[];
  /** a minimal set that flips it (the singles' first, or ddmin's answer); empty when nothing does */
  minimal: T[];
  /** how many outcomes were computed */
  probes: number;
}

export async function findCulprits<T>(
  changes: readonly T[],
  flips: (set: readonly T[]) => Promise<boolean>,
): Promise<SearchResult<T>> {
  let probes = 0;
  const test = async (set: readonly T[]) => {
    probes++;
    return flips(set);
  };
  const singles: T[] = [];
  for (const change of changes) if (await test([change])) singles.push(change);
  if (singles.length > 0) return { singles, minimal: [singles[0]!], probes };
  if (!(await test(changes))) return { singles, minimal: [], probes };
  return { singles, minimal: await ddmin([...changes], test), probes };
}

/** Zeller's ddmin: a 1-minimal subset of `set` for which `test` holds (test(set) must hold). */
async function ddmin<T>(set: T[], test: (s: readonly T[]) => Promise<boolean>): Promise<T[]> {
  let current = set;
  let n = 2;
  while (current.length >= 2) {
    const size = Math.ceil(current.length / n);
    const chunks: T[][] = [];
    for (let i = 0; i < current.length; i += size) chunks.push(current.slice(i, i + size));
    let reduced = false;
    for (const chunk of chunks) {
      if (await test(chunk)) {
        current = chunk;
        n = 2;
        reduced = true;
        break;
      }
    }
    if (!reduced) {
      for (const chunk of chunks) {
        const complement = current.filter((x) => !chunk.includes(x));
        if (complement.length && (await test(complement))) {
          current = complement;
          n = Math.max(n - 1, 2);
          reduced = true;
          break;
        }
      }
    }
    if (!reduced) {
      if (n >= current.length) break;
      n = Math.min(current.length, n * 2);
    }
  }
  return current;
}
