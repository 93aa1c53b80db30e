/**
 * A verified download into the content-addressed store: the body goes to `tmp/<sha256>.part`
 * (resumed with an HTTP Range request when a previous attempt left one), is hashed as it arrives,
 * and is renamed to `blobs/sha256/<sha256>` only when size and SHA256 match. One process downloads
 * while the others wait on the lock and then find the blob.
 */
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream, existsSync, renameSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { LabError } from "../../lab/errors.js";
import { withLock } from "../cache/lock.js";
import type { CacheDirs } from "../cache/paths.js";
import { httpGet } from "./http.js";

export interface Expected {
  url: string;
  sha256: string;
  /** bytes, when the index says */
  size?: number;
}

export interface Progress {
  url: string;
  done: number;
  total: number | null;
}

export interface DownloadOptions {
  onProgress?: (progress: Progress) => void;
}

export function blobPath(dirs: CacheDirs, sha256: string): string {
  return join(dirs.blobs, sha256);
}

async function hashFile(path: string): Promise<ReturnType<typeof createHash>> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash;
}

async function attempt(want: Expected, part: string, options: DownloadOptions): Promise<boolean> {
  const have = existsSync(part) ? statSync(part).size : 0;
  const response = await httpGet(want.url, { from: have, missingCode: "IMAGE_PACKAGE_MISSING" });
  const resumed = response.partial && have > 0;
  const hash = resumed ? await hashFile(part) : createHash("sha256");
  let done = resumed ? have : 0;
  const total = want.size ?? response.total;
  const out = createWriteStream(part, { flags: resumed ? "a" : "w" });
  try {
    for await (const chunk of response.body) {
      hash.update(chunk);
      done += chunk.length;
      if (want.size !== undefined && done > want.size) break;
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
      options.onProgress?.({ url: want.url, done, total });
    }
  } catch (error) {
    throw new LabError("IMAGE_MIRROR_UNREACHABLE", `download of ${want.url} broke off at byte ${done}`, {
      where: { value: want.url, offset: done },
      cause: error,
      hint: "run the command again: the download resumes where it stopped",
    });
  } finally {
    await new Promise<void>((resolve) => out.end(() => resolve()));
  }
  const digest = hash.digest("hex");
  if (digest === want.sha256 && (want.size === undefined || done === want.size)) return true;
  rmSync(part, { force: true });
  if (resumed) return false;
  throw new LabError(
    "IMAGE_CHECKSUM_MISMATCH",
    `${want.url}: got ${done} bytes with SHA256 ${digest}, the signed index says ${want.size ?? "?"} bytes with ${want.sha256}`,
    { where: { value: want.url }, hint: "the mirror served a different file; nothing was cached" },
  );
}

/** Returns the path of the verified blob, downloading it first when the store lacks it. */
export async function downloadVerified(
  dirs: CacheDirs,
  want: Expected,
  options: DownloadOptions = {},
): Promise<string> {
  if (!/^[0-9a-f]{64}$/.test(want.sha256)) {
    throw new LabError("IMAGE_CHECKSUM_MISMATCH", `not a SHA256: ${want.sha256}`, {
      where: { value: want.sha256 },
    });
  }
  const final = blobPath(dirs, want.sha256);
  if (existsSync(final)) return final;
  return withLock(dirs.locks, `blob-${want.sha256}`, async () => {
    if (existsSync(final)) return final;
    const part = join(dirs.tmp, `${want.sha256}.part`);
    // A resumed download that fails to verify is retried once from the first byte.
    if (!(await attempt(want, part, options))) await attempt(want, part, options);
    renameSync(part, final);
    return final;
  });
}
