/**
 * The cache's layout under `$LAB_CACHE` (default `$XDG_CACHE_HOME/lab`, else `~/.cache/lab`):
 *   blobs/sha256/<hex>        verified downloads, named by their SHA256
 *   images/<deb-sha256>/      kernels extracted from a verified .deb (image.json written last)
 *   initramfs/<sha256>.cpio.gz  initramfs archives and layers, named by their content hash
 *   indexes/<key>.json        verified, parsed archive indexes with the time they were fetched
 *   locks/, tmp/              lock files and partial downloads (never read as cache entries)
 */
import { mkdirSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env.LAB_CACHE) return env.LAB_CACHE;
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, "lab");
  return join(homedir(), ".cache", "lab");
}

export interface CacheDirs {
  root: string;
  blobs: string;
  images: string;
  initramfs: string;
  indexes: string;
  locks: string;
  tmp: string;
}

export function cacheDirs(root: string = cacheRoot()): CacheDirs {
  const dirs = {
    root,
    blobs: join(root, "blobs", "sha256"),
    images: join(root, "images"),
    initramfs: join(root, "initramfs"),
    indexes: join(root, "indexes"),
    locks: join(root, "locks"),
    tmp: join(root, "tmp"),
  };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  return dirs;
}
