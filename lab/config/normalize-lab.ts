/** Steps 3 and 4 for lab.yaml: defaults, absolute paths, and the rules between entries. */
import type { Arch } from "../backend.js";
import { didYouMean } from "./did-you-mean.js";
import type { Path } from "./positions.js";
import { checkFileExists, report, resolvePath, type Stage } from "./stage.js";
import type { ImageRecipe, KernelConfigRecipe, LabConfig, PatchRef } from "./types.js";

interface RawPatch {
  file: string;
  sha256: string;
}
interface RawConfig {
  base?: KernelConfigRecipe["base"];
  debian_image?: string;
  fragments?: string[];
}
interface RawImage {
  source: ImageRecipe["source"];
  arch: Arch;
  version?: string;
  description?: string;
  config?: RawConfig;
  patches?: RawPatch[];
  revert?: RawPatch[];
  tarball?: string;
  sha256?: string;
  path?: string;
}
export interface RawLab {
  images?: Record<string, RawImage>;
  archive?: { debian?: string; security?: string };
  defaults?: { concurrency?: number; cache_dir?: string; accel?: LabConfig["defaults"]["accel"] };
  default?: string[];
}

export function emptyLabConfig(): LabConfig {
  return {
    file: null,
    images: {},
    archive: { debian: null, security: null },
    defaults: { concurrency: 2, cacheDir: null, accel: "auto" },
    defaultJob: [],
  };
}

export function normalizeLab(raw: RawLab, stage: Stage, absoluteFile: string): LabConfig {
  const images: Record<string, ImageRecipe> = {};
  for (const [id, image] of Object.entries(raw.images ?? {})) {
    images[id] = normalizeImage(id, image, ["images", id], stage);
  }
  const defaultJob = (raw.default ?? []).map((written, index) => {
    const path = resolvePath(stage, written);
    checkFileExists(
      stage,
      raw.default!.length === 1 ? ["default"] : ["default", index],
      path,
      "default job scenario",
    );
    return path;
  });
  const lab: LabConfig = {
    file: absoluteFile,
    images,
    archive: { debian: raw.archive?.debian ?? null, security: raw.archive?.security ?? null },
    defaults: {
      concurrency: raw.defaults?.concurrency ?? 2,
      cacheDir: raw.defaults?.cache_dir === undefined ? null : resolvePath(stage, raw.defaults.cache_dir),
      accel: raw.defaults?.accel ?? "auto",
    },
    defaultJob,
  };
  checkConfigBases(lab, stage);
  return lab;
}

function normalizeImage(id: string, raw: RawImage, path: Path, stage: Stage): ImageRecipe {
  const common = { id, arch: raw.arch, description: raw.description ?? "", where: stage.positions.of(path) };
  if (raw.source === "debian")
    return { ...common, source: "debian", version: raw.version!, flavour: "cloud" };
  const recipe = {
    ...common,
    config: normalizeConfig(raw.config, [...path, "config"], stage),
    patches: normalizePatches(raw.patches, [...path, "patches"], stage),
    revert: normalizePatches(raw.revert, [...path, "revert"], stage),
  };
  if (raw.source === "debian-src") return { ...recipe, source: "debian-src", version: raw.version! };
  if (raw.source === "kernel.org") {
    const tarball = raw.tarball === undefined ? null : resolvePath(stage, raw.tarball);
    if (tarball) checkFileExists(stage, [...path, "tarball"], tarball, "tarball");
    return { ...recipe, source: "kernel.org", version: raw.version!, tarball, sha256: raw.sha256 ?? null };
  }
  const tree = resolvePath(stage, raw.path!);
  checkFileExists(stage, [...path, "path"], tree, "kernel tree");
  return { ...recipe, source: "path", path: tree };
}

function normalizeConfig(raw: RawConfig | undefined, path: Path, stage: Stage): KernelConfigRecipe {
  const fragments = (raw?.fragments ?? []).map((written, index) => {
    const absolute = resolvePath(stage, written);
    checkFileExists(stage, [...path, "fragments", index], absolute, "config fragment");
    return absolute;
  });
  return { base: raw?.base ?? "tinyconfig", debianImage: raw?.debian_image ?? null, fragments };
}

function normalizePatches(raw: RawPatch[] | undefined, path: Path, stage: Stage): PatchRef[] {
  return (raw ?? []).map((patch, index) => {
    const file = resolvePath(stage, patch.file);
    checkFileExists(stage, [...path, index, "file"], file, "patch");
    return { file, sha256: patch.sha256 };
  });
}

/** base: debian needs debian_image naming a prebuilt Debian image of the same arch */
function checkConfigBases(lab: LabConfig, stage: Stage): void {
  const debianIds = Object.values(lab.images)
    .filter((image) => image.source === "debian")
    .map((image) => image.id);
  for (const image of Object.values(lab.images)) {
    if (image.source === "debian") continue;
    const path = ["images", image.id, "config"];
    const { base, debianImage } = image.config;
    if (base !== "debian") {
      if (debianImage !== null)
        report(stage, [...path, "debian_image"], "only used with base: debian", { key: true });
      continue;
    }
    if (debianImage === null) {
      report(
        stage,
        [...path, "base"],
        "base: debian needs debian_image: (one of the prebuilt Debian images)",
      );
      continue;
    }
    const base_ = lab.images[debianImage];
    if (base_?.source !== "debian") {
      report(
        stage,
        [...path, "debian_image"],
        `"${debianImage}" is not a prebuilt Debian image of lab.yaml${didYouMean(debianImage, debianIds)}`,
      );
    } else if (base_.arch !== image.arch) {
      report(
        stage,
        [...path, "debian_image"],
        `"${debianImage}" is for ${base_.arch}, this recipe builds for ${image.arch}`,
      );
    }
  }
}
