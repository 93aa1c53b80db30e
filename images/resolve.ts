/**
 * What the QEMU backend calls: a kernel image id and an arch -> the files to boot. Fetches and
 * verifies the kernel when the cache lacks it, and assembles the initramfs (the cached base
 * archive for the arch and agent, plus the kernel's module layer).
 */

import { readFileSync } from "node:fs";
import type { Arch } from "../lab/backend.js";
import type { CachedImage } from "./cache/images.js";
import { type CacheDirs, cacheDirs } from "./cache/paths.js";
import { type FetchOptions, type FetchResult, fetchDebianKernel } from "./debian/fetch.js";
import { type ArchiveConfig, type ArchiveOverride, resolveArchiveConfig } from "./debian/suites.js";
import { archFor, type ImageSpec, parseImageId } from "./ids.js";
import { baseArchive, combinedArchive } from "./initramfs/base.js";
import { busyboxFor } from "./initramfs/busybox.js";
import { AGENT_PORT_NAME, fallbackDeviceFor } from "./initramfs/channel.js";
import { initScript } from "./initramfs/init-script.js";

export interface LabImagesConfig {
  images?: Record<string, ImageSpec>;
  archive?: { debian: string | null; security: string | null };
  defaults?: { cacheDir: string | null };
}

export interface ImageOptions extends FetchOptions {
  /** lab.yaml (a LabConfig from lab/config fits): image ids, archive overrides, cache folder */
  lab?: LabImagesConfig;
  /** archive settings; win over lab.yaml's */
  archive?: ArchiveOverride;
  /** the cache folder (default: $LAB_CACHE, else lab.yaml's, else ~/.cache/lab) */
  cacheRoot?: string;
  /**
   * the static agent binary for the arch: a path, null for an initramfs without agent, or
   * undefined to build it with images/agent's buildAgent(arch) when that module exists
   */
  agentPath?: string | null;
}

export interface ResolvedImage {
  id: string;
  kernelPath: string;
  initramfsPath: string;
  /** `uname -r` the guest will report */
  release: string;
  /** upstream version, e.g. 6.1.176 */
  version: string;
  arch: Arch;
  /** the agent that went into the initramfs, or null */
  agentPath: string | null;
  image: CachedImage;
  skipped: FetchResult["skipped"];
  /** suites that could not be read, expired index copies used (Debian images only) */
  warnings?: string[];
}

/**
 * Options as given, or, when the caller names neither a lab config nor an archive, the defaults:
 * the nearest lab.yaml and the LAB_DEBIAN_* / LAB_AGENT environment (images/options.ts).
 */
async function withDefaults(options: ImageOptions): Promise<ImageOptions> {
  if (options.lab !== undefined || options.archive !== undefined) return options;
  const { defaultImageOptions } = await import("./options.js");
  return defaultImageOptions(process.cwd(), options);
}

export function archiveConfigFor(options: ImageOptions): ArchiveConfig {
  const fromLab: ArchiveOverride = {};
  if (options.lab?.archive?.debian) fromLab.archive = options.lab.archive.debian;
  if (options.lab?.archive?.security) fromLab.security = options.lab.archive.security;
  return resolveArchiveConfig({ ...fromLab, ...options.archive });
}

export function cacheDirsFor(options: ImageOptions): CacheDirs {
  const root = options.cacheRoot ?? (process.env.LAB_CACHE || options.lab?.defaults?.cacheDir) ?? undefined;
  return cacheDirs(root);
}

async function agentFor(arch: Arch, given: string | null | undefined): Promise<string | null> {
  if (given !== undefined) return given;
  const specifier = "./agent/build.js";
  let module: { buildAgent?: (arch: Arch) => Promise<string | { path: string }> };
  try {
    module = await import(specifier);
  } catch {
    return null;
  }
  if (!module.buildAgent) return null;
  const built = await module.buildAgent(arch);
  return typeof built === "string" ? built : built.path;
}

/** Fetches (when needed) the Debian kernel an id names, without building an initramfs. */
export async function fetchImage(
  id: string,
  arch: Arch | undefined,
  options: ImageOptions = {},
): Promise<FetchResult> {
  options = await withDefaults(options);
  const parsed = parseImageId(id, options.lab?.images);
  const target = archFor(parsed, arch, id);
  return fetchDebianKernel(cacheDirsFor(options), archiveConfigFor(options), parsed.version, target, options);
}

/** The initramfs for a fetched image: base (busybox + agent + /init) + the image's module layer. */
export async function initramfsFor(
  image: CachedImage,
  options: ImageOptions = {},
): Promise<{ path: string; agentPath: string | null }> {
  options = await withDefaults(options);
  const dirs = cacheDirsFor(options);
  const busybox = await busyboxFor(dirs, archiveConfigFor(options), image.arch, options);
  const agentPath = await agentFor(image.arch, options.agentPath);
  const init = initScript({ portName: AGENT_PORT_NAME, fallbackDevice: fallbackDeviceFor(image.arch) });
  const base = baseArchive(dirs, {
    busybox: busybox.data,
    agent: agentPath ? readFileSync(agentPath) : null,
    init,
  });
  return { path: combinedArchive(dirs, base, image.modulesLayerPath), agentPath };
}

export async function resolveImage(
  id: string,
  arch?: Arch,
  options: ImageOptions = {},
): Promise<ResolvedImage> {
  options = await withDefaults(options);
  // a lab.yaml source recipe: the kernel images/build built (or builds now)
  const { resolveBuiltImage } = await import("./build/resolve.js");
  const built = await resolveBuiltImage(id, arch, options);
  if (built) return built;
  const { image, skipped, warnings } = await fetchImage(id, arch, options);
  const initramfs = await initramfsFor(image, options);
  return {
    id,
    kernelPath: image.kernelPath,
    initramfsPath: initramfs.path,
    release: image.release,
    version: image.version,
    arch: image.arch,
    agentPath: initramfs.agentPath,
    image,
    skipped,
    warnings,
  };
}
