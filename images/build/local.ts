/**
 * The local builder: recipe -> source tree -> patch series -> config -> `make -jN <target>` ->
 * the kernel stored in the image cache like a fetched one (images/<key>/, source "build"), keyed
 * by a hash of the source, the config inputs, the patches and the toolchain. A finished key is
 * returned without building. The tree and the output folder (one per source x arch) are kept,
 * so an unchanged tree rebuilds incrementally and a recipe that differs only by patches reuses
 * both: make recompiles only what the patches touched. One build per source at a time (a lock).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ARCHES } from "../../lab/arch.js";
import type { Arch } from "../../lab/backend.js";
import type { LabConfig } from "../../lab/config/types.js";
import { type CachedImage, readImage } from "../cache/images.js";
import { acquireLock } from "../cache/lock.js";
import { type CacheDirs, cacheDirs, cacheRoot } from "../cache/paths.js";
import { resolveArchiveConfig } from "../debian/suites.js";
import type { Fragment } from "./config.js";
import { configure, readFragments } from "./kconfig.js";
import type { MakeProgress } from "./make.js";
import { runMake } from "./make.js";
import { readPinnedPatch, type SeriesStep, sha256Of, syncSeries } from "./patches.js";
import { buildDirs, type SourceRecipe, type SourceTree, sourceTree } from "./source.js";
import { storeBuilt } from "./store.js";
import { findToolchain, type Toolchain } from "./toolchain.js";

const HERE = dirname(fileURLToPath(import.meta.url));
/** images/config of this checkout (from the sources, or from dist/ when built) */
export const LAB_CONFIG_DIR =
  [join(HERE, "..", "config"), join(HERE, "..", "..", "..", "images", "config")].find((d) =>
    existsSync(join(d, "lab-base.config")),
  ) ?? join(HERE, "..", "config");

export interface BuildOptions {
  lab?: LabConfig | null;
  arch?: Arch;
  /** a kernel.org tarball (wins over the recipe's) */
  tarball?: string;
  cacheRoot?: string;
  jobs?: number;
  /** the lab's fragments folder [images/config of this checkout] */
  labConfigDir?: string;
  onProgress?: (text: string) => void;
  /** where make runs: here [local] or in a container of the lab's builder image (docker) */
  builder?: "local" | "docker";
  /** internal (configureRecipe): stop after the config step; the result then has no image */
  configOnly?: boolean;
}

export interface BuildResult {
  image: CachedImage;
  key: string;
  cached: boolean;
  /** wall-clock seconds of this call */
  seconds: number;
  /** kbuild steps this call ran (0 when cached) */
  steps: number;
  log: string;
  source: string;
  /** the kept output folder (O=) of this source x arch (x builder) */
  objDir: string;
  /** the final .config (configOnly builds; else see image.configPath) */
  config?: string;
  series: SeriesStep[];
}

export function labFragmentFor(arch: Arch, dir = LAB_CONFIG_DIR): string {
  return join(dir, ARCHES[arch].kernelBuild.fragment);
}

export function buildKey(parts: {
  source: SourceTree;
  arch: Arch;
  base: string;
  debianBase: string | null;
  fragments: Fragment[];
  series: SeriesStep[];
  toolchain: Toolchain;
}): string {
  const material = {
    v: 1,
    source: parts.source.key,
    arch: parts.arch,
    base: parts.base,
    debianBase: parts.debianBase === null ? null : sha256Of(parts.debianBase),
    fragments: parts.fragments.map((f) => sha256Of(f.text)),
    series: parts.series.map((s) => `${s.reverse ? "R" : "F"}${s.sha256}`),
    toolchain: parts.toolchain.id,
  };
  return sha256Of(JSON.stringify(material));
}

async function debianBaseFor(
  recipe: SourceRecipe,
  lab: LabConfig | null,
  dirs: CacheDirs,
): Promise<string | null> {
  if (recipe.config.base !== "debian") return null;
  const { fetchImage } = await import("../resolve.js");
  const id = recipe.config.debianImage ?? "";
  const { image } = await fetchImage(id, recipe.arch, { ...(lab ? { lab } : {}), cacheRoot: dirs.root });
  return image.configPath ? readFileSync(image.configPath, "utf8") : "";
}

function progressText(p: MakeProgress): string {
  const pct = p.expected ? ` ${Math.min(99, Math.floor((100 * p.steps) / p.expected))}%` : "";
  return `make: ${p.steps}${p.expected ? `/${p.expected}` : ""}${pct} ${p.last}`;
}

/** Builds (or finds in the cache) the kernel of a recipe with the given patch series. */
export async function buildRecipe(
  recipe: SourceRecipe,
  series: SeriesStep[],
  options: BuildOptions = {},
): Promise<BuildResult> {
  const started = Date.now();
  const dirs = cacheDirs(options.cacheRoot ?? cacheRoot());
  const lab = options.lab ?? null;
  const say = options.onProgress ?? (() => {});
  for (const step of series) readPinnedPatch(step);
  const archive = resolveArchiveConfig({
    ...(lab?.archive.debian ? { archive: lab.archive.debian } : {}),
    ...(lab?.archive.security ? { security: lab.archive.security } : {}),
  });
  const container =
    options.builder === "docker"
      ? await (await import("./docker.js")).dockerBuilder(recipe.arch, dirs, archive, say)
      : null;
  const toolchain = container?.toolchain ?? (await findToolchain(recipe.arch));
  const source = await sourceTree(dirs, recipe, {
    archive,
    ...(options.tarball ? { tarball: options.tarball } : {}),
    onProgress: say,
  });
  const fragments = readFragments([
    ...recipe.config.fragments,
    labFragmentFor(recipe.arch, options.labConfigDir),
  ]);
  const debianBase = await debianBaseFor(recipe, lab, dirs);
  const key = buildKey({
    source,
    arch: recipe.arch,
    base: recipe.config.base,
    debianBase,
    fragments,
    series,
    toolchain,
  });
  const { obj, logs } = buildDirs(dirs);
  const log = join(logs, `${recipe.id}-${recipe.arch}-${key.slice(0, 16)}.log`);
  const objDir = join(obj, `${source.key}-${recipe.arch}${container ? "-docker" : ""}`);
  const done = (image: CachedImage, cached: boolean, steps: number): BuildResult => ({
    image,
    key,
    cached,
    seconds: (Date.now() - started) / 1000,
    steps,
    log,
    source: source.description,
    objDir,
    series,
  });
  const hit = options.configOnly ? null : readImage(dirs, key);
  if (hit) return done(hit, true, 0);
  const lock = await acquireLock(join(dirs.locks, `build-tree-${source.key}.lock`), 4 * 3600_000);
  try {
    const again = options.configOnly ? null : readImage(dirs, key);
    if (again) return done(again, true, 0);
    writeFileSync(
      log,
      `# ${recipe.id} (${recipe.arch}) from ${source.description}\n# toolchain: ${toolchain.id}\n`,
    );
    if (source.key.startsWith("path-") && series.length > 0)
      say("applying patches to the local tree in place");
    const change = await syncSeries(source.tree, series);
    if (change.undone.length + change.applied.length > 0)
      say(`patches: undid ${change.undone.length}, applied ${change.applied.length}`);
    const make = {
      src: source.tree,
      obj: objDir,
      vars: toolchain.makeVars,
      log,
      jobs: options.jobs ?? cpus().length,
      ...(container ? { exec: container.execFor(objDir) } : {}),
    };
    const { mkdirSync } = await import("node:fs");
    mkdirSync(objDir, { recursive: true });
    say(`configuring (${recipe.config.base} + ${fragments.length} fragments)`);
    const config = await configure({ recipe: recipe.config, fragments, debianBase }, make);
    if (options.configOnly) return { ...done(null as unknown as CachedImage, false, 0), config };
    const target = ARCHES[recipe.arch].kernelBuild;
    const { steps } = await runMake([target.target], { ...make, onProgress: (p) => say(progressText(p)) });
    const image = storeBuilt(dirs, recipe, key, objDir, config, {
      source: source.description,
      series,
      toolchain: toolchain.id,
      seconds: (Date.now() - started) / 1000,
      steps,
      log,
    });
    return done(image, false, steps);
  } finally {
    await lock.release();
  }
}
