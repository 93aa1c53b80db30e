/**
 * Source-built kernels for the QEMU backend: an id naming a source recipe in lab.yaml resolves to
 * the built kernel (built now when the cache lacks it) and the lab's initramfs without a module
 * layer (the recipes build virtio in). Other ids return null and go the Debian way.
 */
import type { Arch } from "../../lab/backend.js";
import type { LabConfig } from "../../lab/config/types.js";
import type { ImageOptions, ResolvedImage } from "../resolve.js";
import { buildImage } from "./api.js";
import { findRecipe, isSourceRecipe, loadLab } from "./recipe.js";

function fullLab(options: ImageOptions): LabConfig | null {
  const given = options.lab as Partial<LabConfig> | undefined;
  if (given && "file" in given && given.images) return given as LabConfig;
  return loadLab();
}

export async function resolveBuiltImage(
  id: string,
  arch: Arch | undefined,
  options: ImageOptions,
): Promise<ResolvedImage | null> {
  if (id.startsWith("debian:")) return null;
  const lab = fullLab(options);
  if (!isSourceRecipe(lab?.images[id])) return null;
  const recipe = findRecipe(lab, id, arch);
  const built = await buildImage(id, {
    lab,
    arch: recipe.arch,
    ...(options.cacheRoot ? { cacheRoot: options.cacheRoot } : {}),
  });
  const { initramfsFor } = await import("../resolve.js");
  const initramfs = await initramfsFor(built.image, options);
  return {
    id,
    kernelPath: built.image.kernelPath,
    initramfsPath: initramfs.path,
    release: built.image.release,
    version: built.image.version,
    arch: built.image.arch,
    agentPath: initramfs.agentPath,
    image: built.image,
    skipped: [],
  };
}
