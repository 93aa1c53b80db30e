/**
 * The cloud kernels (and other packages) that the configured suites offer for an arch, and the
 * resolution of a version pattern (`6.1`, `6.1.170`, or a full Debian version) to the newest match.
 */
import type { Arch } from "../../lab/backend.js";
import { LabError } from "../../lab/errors.js";
import type { CacheDirs } from "../cache/paths.js";
import { type IndexOptions, loadSuiteIndex, type SuiteIndex } from "./index.js";
import { asKernel, type DebPackage, type KernelPackage } from "./packages.js";
import type { ArchiveConfig } from "./suites.js";
import { compareDebianVersions } from "./version.js";

export interface Offer {
  indexes: SuiteIndex[];
  /** suites that could not be loaded, with why */
  problems: LabError[];
}

/** Loads every configured suite's index for `arch` (in parallel); fails only when none loads. */
export async function loadOffer(
  dirs: CacheDirs,
  config: ArchiveConfig,
  arch: Arch,
  options: IndexOptions = {},
): Promise<Offer> {
  const settled = await Promise.allSettled(
    config.suites.map((s) => loadSuiteIndex(dirs, config, s, arch, options)),
  );
  const indexes: SuiteIndex[] = [];
  const problems: LabError[] = [];
  for (const result of settled) {
    if (result.status === "fulfilled") indexes.push(result.value);
    else if (result.reason instanceof LabError) problems.push(result.reason);
    else throw result.reason;
  }
  if (indexes.length === 0 && problems[0]) throw problems[0];
  return { indexes, problems };
}

function newestFirst(a: DebPackage, b: DebPackage): number {
  return compareDebianVersions(b.version, a.version);
}

export function kernelsOf(offer: Offer): KernelPackage[] {
  const kernels = offer.indexes.flatMap((i) => i.packages).flatMap((p) => asKernel(p) ?? []);
  return kernels.sort((a, b) => newestFirst(a, b) || Number(a.unsigned) - Number(b.unsigned));
}

export function packagesNamed(offer: Offer, name: string | RegExp): DebPackage[] {
  const test = (p: DebPackage) => (typeof name === "string" ? p.package === name : name.test(p.package));
  return offer.indexes
    .flatMap((i) => i.packages)
    .filter(test)
    .sort(newestFirst);
}

export function matchesVersion(kernel: KernelPackage, pattern: string): boolean {
  return (
    kernel.upstream === pattern ||
    kernel.upstream.startsWith(`${pattern}.`) ||
    kernel.version === pattern ||
    kernel.release === pattern
  );
}

/** Every kernel matching `pattern`, newest first (signed packages before `-unsigned` ones of a version). */
export function matchingKernels(offer: Offer, pattern: string): KernelPackage[] {
  const kernels = kernelsOf(offer);
  const matches = kernels.filter((k) => matchesVersion(k, pattern));
  if (matches.length > 0) return matches;
  const lines = [...new Set(kernels.map((k) => k.upstream.split(".").slice(0, 2).join(".")))];
  const why = offer.problems.length
    ? ` (${offer.problems.length} suite(s) could not be read: ${offer.problems[0]!.message})`
    : "";
  throw new LabError("IMAGE_NOT_FOUND", `no Debian cloud kernel matches ${JSON.stringify(pattern)}${why}`, {
    where: { value: pattern },
    hint: `available lines: ${lines.join(", ") || "none"}; see \`lab images list --available\``,
  });
}

export function resolveKernel(offer: Offer, pattern: string): KernelPackage {
  return matchingKernels(offer, pattern)[0]!;
}
