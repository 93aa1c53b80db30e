/**
 * Extracted kernel images in the cache: `images/<key>/` holds `vmlinuz`, `config`, `System.map`,
 * `modules.cpio.gz` (the initramfs layer with the channel's modules) and `image.json`, which is
 * written inside a staging folder that is renamed into place whole, so an entry is either complete
 * or absent.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Arch } from "../../lab/backend.js";
import type { CacheDirs } from "./paths.js";

export interface ImageRecord {
  /** `debian:<upstream>` */
  id: string;
  key: string;
  source: "debian" | "build"; // build: a kernel the lab built from source (images/build)
  arch: Arch;
  /** `uname -r` */
  release: string;
  /** upstream version, e.g. 6.1.176 */
  version: string;
  /** Debian package version, e.g. 6.1.176-1 */
  debianVersion: string;
  package: string;
  suite: string;
  /** SHA256 of each verified .deb the image came from */
  debs: Array<{ package: string; sha256: string; size: number }>;
  /** channel modules in load order (files in the layer), built in, and absent */
  modules: string[];
  builtin: string[];
  absent: string[];
  createdAt: string;
}

export interface CachedImage extends ImageRecord {
  dir: string;
  kernelPath: string;
  configPath: string | null;
  systemMapPath: string | null;
  /** the per-kernel initramfs layer (gzip'd newc cpio of the channel's modules) */
  modulesLayerPath: string;
}

function describe(dir: string, record: ImageRecord): CachedImage {
  const optional = (name: string) => (existsSync(join(dir, name)) ? join(dir, name) : null);
  return {
    ...record,
    dir,
    kernelPath: join(dir, "vmlinuz"),
    configPath: optional("config"),
    systemMapPath: optional("System.map"),
    modulesLayerPath: join(dir, "modules.cpio.gz"),
  };
}

export function readImage(dirs: CacheDirs, key: string): CachedImage | null {
  const dir = join(dirs.images, key);
  try {
    return describe(dir, JSON.parse(readFileSync(join(dir, "image.json"), "utf8")) as ImageRecord);
  } catch {
    return null;
  }
}

export function listImages(dirs: CacheDirs): CachedImage[] {
  return readdirSync(dirs.images)
    .flatMap((key) => readImage(dirs, key) ?? [])
    .sort((a, b) => a.arch.localeCompare(b.arch) || a.id.localeCompare(b.id, undefined, { numeric: true }));
}

/** Writes the files into a staging folder and renames it to `images/<key>/` in one step. */
export function storeImage(
  dirs: CacheDirs,
  record: ImageRecord,
  files: Record<string, Buffer | null>,
): CachedImage {
  const staging = join(dirs.tmp, `image-${record.key}-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  for (const [name, data] of Object.entries(files)) if (data) writeFileSync(join(staging, name), data);
  writeFileSync(join(staging, "image.json"), `${JSON.stringify(record, null, 2)}\n`);
  const final = join(dirs.images, record.key);
  rmSync(final, { recursive: true, force: true });
  renameSync(staging, final);
  return describe(final, record);
}
