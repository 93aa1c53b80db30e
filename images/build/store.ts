/**
 * A finished build into the image cache, like a fetched Debian kernel: images/<key>/ with the boot
 * image as `vmlinuz`, the final config, System.map, an empty module layer (the recipes build the
 * channel's drivers in) and build.json (recipe, source, patches, toolchain, time, log).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ARCHES } from "../../lab/arch.js";
import { type CachedImage, storeImage } from "../cache/images.js";
import type { CacheDirs } from "../cache/paths.js";
import { buildModulesLayer } from "../initramfs/layer.js";
import type { SourceRecipe } from "./source.js";

export function storeBuilt(
  dirs: CacheDirs,
  recipe: SourceRecipe,
  key: string,
  objDir: string,
  config: string,
  meta: Record<string, unknown>,
): CachedImage {
  const release = readFileSync(join(objDir, "include", "config", "kernel.release"), "utf8").trim();
  const systemMap = join(objDir, "System.map");
  return storeImage(
    dirs,
    {
      id: recipe.id,
      key,
      source: "build",
      arch: recipe.arch,
      release,
      version: /^\d+\.\d+(\.\d+)?/.exec(release)?.[0] ?? release,
      debianVersion: "",
      package: recipe.id,
      suite: "",
      debs: [],
      modules: [],
      builtin: ["virtio", "virtio_ring", "virtio_pci", "virtio_console"],
      absent: [],
      createdAt: new Date().toISOString(),
    },
    {
      vmlinuz: readFileSync(join(objDir, ARCHES[recipe.arch].kernelBuild.imagePath)),
      config: Buffer.from(config),
      "System.map": existsSync(systemMap) ? readFileSync(systemMap) : null,
      "modules.cpio.gz": buildModulesLayer([]),
      "build.json": Buffer.from(`${JSON.stringify({ recipe: recipe.id, ...meta }, null, 2)}\n`),
    },
  );
}
