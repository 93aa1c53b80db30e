/**
 * `debian:<pattern>` for an arch -> a cached, verified, extracted kernel. The pattern resolves to the
 * newest matching cloud kernel in the verified indexes; an image already extracted is returned as
 * it is (no download, and no network at all while the indexes are fresh). Otherwise the .deb(s) are
 * downloaded and verified, and the kernel with its channel-module layer is stored under a lock, so
 * concurrent fetches of one image share one download and one extraction.
 */
import { createHash } from "node:crypto";
import { statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Arch } from "../../lab/backend.js";
import { isLabError, LabError } from "../../lab/errors.js";
import { type CachedImage, readImage, storeImage } from "../cache/images.js";
import { withLock } from "../cache/lock.js";
import type { CacheDirs } from "../cache/paths.js";
import { type DownloadOptions, downloadVerified } from "../download/download.js";
import { channelModulesFor } from "../initramfs/channel.js";
import { buildModulesLayer } from "../initramfs/layer.js";
import { extractKernel } from "./extract.js";
import { INDEX_TTL_MS, type IndexOptions } from "./index.js";
import { loadOffer, matchingKernels } from "./kernels.js";
import type { DebPackage, KernelPackage } from "./packages.js";
import { type ArchiveConfig, suiteBaseUri } from "./suites.js";

export interface FetchOptions extends IndexOptions, DownloadOptions {}

/** The packages holding a kernel's files: itself, or its parts when the image package is split. */
function debsOf(kernel: KernelPackage, all: DebPackage[]): DebPackage[] {
  if (kernel.parts.length === 0) return [kernel];
  return kernel.parts.map((name) => {
    const part = all.find((p) => p.package === name && p.version === kernel.version);
    if (!part) {
      throw new LabError(
        "IMAGE_INDEX_MISSING",
        `${kernel.package} ${kernel.version} needs ${name}, which no index lists`,
        {
          where: { value: name },
        },
      );
    }
    return part;
  });
}

export function imageKey(debs: DebPackage[]): string {
  if (debs.length === 1) return debs[0]!.sha256;
  return createHash("sha256")
    .update(debs.map((d) => d.sha256).join("\n"))
    .digest("hex");
}

export async function fetchPackage(
  dirs: CacheDirs,
  config: ArchiveConfig,
  pkg: DebPackage,
  options: DownloadOptions = {},
) {
  const url = `${suiteBaseUri(config, pkg.suite)}/${pkg.filename}`;
  return downloadVerified(dirs, { url, sha256: pkg.sha256, size: pkg.size }, options);
}

/**
 * A pool file that 404s is remembered for the index time-to-live, so that later fetches go straight
 * to the next candidate without asking the mirror again (and without any network when warm).
 */
function missingMarker(dirs: CacheDirs, sha256: string): string {
  return join(dirs.indexes, `missing-${sha256}`);
}

function knownMissing(dirs: CacheDirs, debs: DebPackage[], options: FetchOptions): boolean {
  if (options.refresh) return false;
  const ttl = options.ttlMs ?? INDEX_TTL_MS;
  return debs.some((d) => {
    try {
      return Date.now() - statSync(missingMarker(dirs, d.sha256)).mtimeMs < ttl;
    } catch {
      return false;
    }
  });
}

async function fetchCandidate(
  dirs: CacheDirs,
  config: ArchiveConfig,
  kernel: KernelPackage,
  debs: DebPackage[],
  arch: Arch,
  options: FetchOptions,
): Promise<CachedImage> {
  const key = imageKey(debs);
  return withLock(dirs.locks, `image-${key}`, async () => {
    const again = readImage(dirs, key);
    if (again) return again;
    const paths: string[] = [];
    for (const deb of debs) {
      try {
        paths.push(await fetchPackage(dirs, config, deb, options));
      } catch (error) {
        if (isLabError(error) && error.code === "IMAGE_PACKAGE_MISSING")
          writeFileSync(missingMarker(dirs, deb.sha256), "");
        throw error;
      }
    }
    const extracted = await extractKernel(paths, channelModulesFor(arch), kernel.package);
    return storeImage(
      dirs,
      {
        id: `debian:${kernel.upstream}`,
        key,
        source: "debian",
        arch,
        release: extracted.release,
        version: kernel.upstream,
        debianVersion: kernel.version,
        package: kernel.package,
        suite: kernel.suite,
        debs: debs.map((d) => ({ package: d.package, sha256: d.sha256, size: d.size })),
        modules: extracted.modules.map((m) => m.name),
        builtin: extracted.builtin,
        absent: extracted.absent,
        createdAt: new Date().toISOString(),
      },
      {
        vmlinuz: extracted.vmlinuz,
        config: extracted.config,
        "System.map": extracted.systemMap,
        "modules.cpio.gz": buildModulesLayer(extracted.modules),
      },
    );
  });
}

export interface FetchResult {
  image: CachedImage;
  /** candidates passed over because the mirror lacks their files (newest first) */
  skipped: Array<{ package: string; version: string; reason: string }>;
  /** suites that could not be read (the answer may miss a newer kernel), and stale index copies */
  warnings: string[];
}

export async function fetchDebianKernel(
  dirs: CacheDirs,
  config: ArchiveConfig,
  pattern: string,
  arch: Arch,
  options: FetchOptions = {},
): Promise<FetchResult> {
  const offer = await loadOffer(dirs, config, arch, options);
  const all = offer.indexes.flatMap((i) => i.packages);
  const skipped: FetchResult["skipped"] = [];
  const warnings = [
    ...offer.problems.map((p) => `${p.code}: ${p.message}`),
    ...offer.indexes
      .filter((i) => i.stale)
      .map((i) => `using an expired index of ${i.suite} (mirror unreachable)`),
  ];
  let firstError: unknown = null;
  for (const kernel of matchingKernels(offer, pattern)) {
    const debs = debsOf(kernel, all);
    const validUntil = offer.indexes.find((i) => i.suite === kernel.suite)?.validUntil;
    if (validUntil && Date.parse(validUntil) < Date.now()) {
      warnings.push(
        `${kernel.suite}'s InRelease was valid until ${validUntil} (the signature still verifies)`,
      );
    }
    const cached = readImage(dirs, imageKey(debs));
    if (cached) return { image: cached, skipped, warnings };
    if (knownMissing(dirs, debs, options)) {
      skipped.push({
        package: kernel.package,
        version: kernel.version,
        reason: "not on the mirror (remembered)",
      });
      continue;
    }
    try {
      return { image: await fetchCandidate(dirs, config, kernel, debs, arch, options), skipped, warnings };
    } catch (error) {
      if (!(isLabError(error) && error.code === "IMAGE_PACKAGE_MISSING")) throw error;
      firstError ??= error;
      skipped.push({ package: kernel.package, version: kernel.version, reason: error.message });
    }
  }
  throw (
    firstError ??
    new LabError(
      "IMAGE_PACKAGE_MISSING",
      `no file of any kernel matching ${JSON.stringify(pattern)} is on the mirror`,
      {
        where: { value: pattern },
        hint: "run again with --refresh to ask the mirror again",
      },
    )
  );
}
