/**
 * `lab images prune`: removes what the cache can do without. Always: partial downloads and staging
 * folders (tmp/), downloaded packages whose images are extracted (blobs/), expired indexes and
 * "missing on the mirror" notes, and initramfs archives not used for `keepDays`. With `all`: the
 * extracted images and every initramfs too. Never touches a lock another process holds: locks are
 * flock'd files, left in place.
 */
import { readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import type { CacheDirs } from "./paths.js";

export interface PruneOptions {
  all?: boolean;
  /** index time-to-live, ms */
  ttlMs: number;
  /** initramfs archives older than this (by access or modification time) go, ms */
  keepMs?: number;
  now?: number;
}

export interface PruneResult {
  removed: string[];
  bytes: number;
}

function sizeOf(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((sum, name) => sum + sizeOf(join(path, name)), 0);
}

export function pruneCache(dirs: CacheDirs, options: PruneOptions): PruneResult {
  const now = options.now ?? Date.now();
  const keepMs = options.keepMs ?? 30 * 24 * 3600 * 1000;
  const result: PruneResult = { removed: [], bytes: 0 };
  const remove = (path: string) => {
    result.bytes += sizeOf(path);
    rmSync(path, { recursive: true, force: true });
    result.removed.push(path);
  };
  const each = (dir: string, test: (path: string) => boolean) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (test(path)) remove(path);
    }
  };
  const age = (path: string) => {
    const stat = statSync(path);
    return now - Math.max(stat.atimeMs, stat.mtimeMs);
  };
  each(dirs.tmp, () => true);
  each(dirs.blobs, () => true);
  each(dirs.indexes, (path) => options.all === true || now - statSync(path).mtimeMs >= options.ttlMs);
  each(dirs.initramfs, (path) => options.all === true || (path.endsWith(".cpio.gz") && age(path) >= keepMs));
  if (options.all) each(dirs.images, () => true);
  return result;
}
