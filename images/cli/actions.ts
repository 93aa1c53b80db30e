/**
 * The work behind `lab images list | fetch | prune`, returning plain data for the command file
 * to print (text or one JSON object).
 */

import { ARCH_NAMES } from "../../lab/arch.js";
import type { Arch } from "../../lab/backend.js";
import { type CachedImage, listImages } from "../cache/images.js";
import { type PruneResult, pruneCache } from "../cache/prune.js";
import { INDEX_TTL_MS } from "../debian/index.js";
import { kernelsOf, loadOffer } from "../debian/kernels.js";
import type { Progress } from "../download/download.js";
import { archiveConfigFor, cacheDirsFor, type ImageOptions, resolveImage } from "../resolve.js";

export interface AvailableKernel {
  id: string;
  arch: Arch;
  release: string;
  version: string;
  package: string;
  suite: string;
  size: number;
  sha256: string;
  filename: string;
}

export interface Available {
  kernels: AvailableKernel[];
  problems: Array<{ code: string; message: string }>;
  /** suites whose copy was past its time-to-live (the mirror could not be reached) */
  stale: string[];
}

export async function listAvailable(arches: Arch[], options: ImageOptions): Promise<Available> {
  const dirs = cacheDirsFor(options);
  const config = archiveConfigFor(options);
  const result: Available = { kernels: [], problems: [], stale: [] };
  for (const arch of arches) {
    const offer = await loadOffer(dirs, config, arch, options);
    result.problems.push(...offer.problems.map((p) => ({ code: p.code, message: p.message })));
    result.stale.push(...offer.indexes.filter((i) => i.stale).map((i) => `${i.suite}/${arch}`));
    for (const k of kernelsOf(offer)) {
      result.kernels.push({
        id: `debian:${k.upstream}`,
        arch,
        release: k.release,
        version: k.version,
        package: k.package,
        suite: k.suite,
        size: k.size,
        sha256: k.sha256,
        filename: k.filename,
      });
    }
  }
  return result;
}

export function listCached(options: ImageOptions): CachedImage[] {
  return listImages(cacheDirsFor(options));
}

export interface Fetched {
  id: string;
  arch: Arch;
  release: string;
  version: string;
  debianVersion: string;
  package: string;
  suite: string;
  kernelPath: string;
  initramfsPath: string;
  agent: string | null;
  modules: string[];
  builtin: string[];
  skipped: Array<{ package: string; version: string; reason: string }>;
  warnings: string[];
  seconds: number;
}

export async function fetchForCli(
  id: string,
  arch: Arch | undefined,
  options: ImageOptions,
  onProgress?: (p: Progress) => void,
): Promise<Fetched> {
  const started = performance.now();
  const resolved = await resolveImage(id, arch, { ...options, ...(onProgress ? { onProgress } : {}) });
  const image = resolved.image;
  return {
    id: image.id,
    arch: image.arch,
    release: image.release,
    version: image.version,
    debianVersion: image.debianVersion,
    package: image.package,
    suite: image.suite,
    kernelPath: resolved.kernelPath,
    initramfsPath: resolved.initramfsPath,
    agent: resolved.agentPath,
    modules: image.modules,
    builtin: image.builtin,
    skipped: resolved.skipped,
    warnings: resolved.warnings ?? [],
    seconds: Number(((performance.now() - started) / 1000).toFixed(3)),
  };
}

export function pruneForCli(all: boolean, options: ImageOptions): PruneResult {
  return pruneCache(cacheDirsFor(options), { all, ttlMs: INDEX_TTL_MS });
}

export const ALL_ARCHES: Arch[] = [...ARCH_NAMES];
