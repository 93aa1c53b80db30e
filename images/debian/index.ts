/**
 * One suite's verified package index for one arch: `InRelease` fetched and checked with gpgv, the
 * SHA256 of `main/binary-<arch>/Packages.xz` taken from its signed text, the index downloaded
 * (by hash when the suite offers it), checked, decompressed and parsed. The packages the lab uses
 * are kept in the cache as JSON with the time they were fetched; within the time-to-live a lookup
 * makes no network request. When the mirror cannot be reached, an expired copy is used and says so.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { ARCHES } from "../../lab/arch.js";
import type { Arch } from "../../lab/backend.js";
import { isLabError, LabError } from "../../lab/errors.js";
import { withLock } from "../cache/lock.js";
import type { CacheDirs } from "../cache/paths.js";
import { decompress } from "../download/decompress.js";
import { httpGetBuffer } from "../download/http.js";
import { verifyClearsigned } from "./gpgv.js";
import { type DebPackage, parsePackages } from "./packages.js";
import { parseRelease, releaseEntry } from "./release.js";
import { type ArchiveConfig, suiteBaseUri } from "./suites.js";

export const INDEX_TTL_MS = 6 * 60 * 60 * 1000;

export interface SuiteIndex {
  suite: string;
  arch: Arch;
  uri: string;
  fetchedAt: number;
  /** SHA256 of the verified InRelease */
  inRelease: string;
  validUntil: string | null;
  packages: DebPackage[];
  /** true when this copy is past its time-to-live (used because the mirror could not be reached) */
  stale?: boolean;
}

/** A suite the mirror does not have (its InRelease or index 404s), remembered for the time-to-live. */
interface MissingIndex {
  missing: true;
  fetchedAt: number;
  message: string;
}

export interface IndexOptions {
  refresh?: boolean;
  ttlMs?: number;
  now?: number;
}

function indexFile(dirs: CacheDirs, config: ArchiveConfig, suite: string, arch: Arch): string {
  const key = createHash("sha256")
    .update([suiteBaseUri(config, suite), suite, arch, ...config.keyrings].join("\n"))
    .digest("hex")
    .slice(0, 32);
  return join(dirs.indexes, `${suite}-${ARCHES[arch].debian}-${key}.json`);
}

function readCached(file: string): SuiteIndex | MissingIndex | null {
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, "utf8")) as SuiteIndex | MissingIndex;
  } catch {
    return null;
  }
}

async function fetchIndex(config: ArchiveConfig, suite: string, arch: Arch): Promise<SuiteIndex> {
  const dists = `${suiteBaseUri(config, suite)}/dists/${suite}`;
  const raw = await httpGetBuffer(`${dists}/InRelease`, { missingCode: "IMAGE_INDEX_MISSING" });
  const signed = await verifyClearsigned(raw, config.keyrings, `${dists}/InRelease`);
  const release = parseRelease(signed.text);
  const path = `main/binary-${ARCHES[arch].debian}/Packages.xz`;
  const entry = releaseEntry(release, path, `${dists}/InRelease`);
  const byHash = `main/binary-${ARCHES[arch].debian}/by-hash/SHA256/${entry.sha256}`;
  let data: Buffer;
  try {
    data = await httpGetBuffer(`${dists}/${release.acquireByHash ? byHash : path}`);
  } catch (error) {
    if (!(release.acquireByHash && isLabError(error) && error.code === "IMAGE_INDEX_MISSING")) throw error;
    data = await httpGetBuffer(`${dists}/${path}`);
  }
  const digest = createHash("sha256").update(data).digest("hex");
  if (digest !== entry.sha256 || data.length !== entry.size) {
    throw new LabError(
      "IMAGE_CHECKSUM_MISMATCH",
      `${dists}/${path}: got ${data.length} bytes with SHA256 ${digest}; InRelease says ${entry.size} bytes with ${entry.sha256}`,
      {
        where: { value: `${dists}/${path}` },
        hint: "the mirror may be mid-update; try again with --refresh",
      },
    );
  }
  const text = await decompress(data, `${dists}/${path}`);
  return {
    suite,
    arch,
    uri: dists,
    fetchedAt: Date.now(),
    inRelease: createHash("sha256").update(raw).digest("hex"),
    validUntil: release.validUntil,
    packages: parsePackages(text, suite),
  };
}

/**
 * The verified index of `suite` for `arch`, from the cache when it is fresh enough. Processes that
 * need a fresh copy at the same moment take a lock, and the later ones use what the first fetched.
 */
export async function loadSuiteIndex(
  dirs: CacheDirs,
  config: ArchiveConfig,
  suite: string,
  arch: Arch,
  options: IndexOptions = {},
): Promise<SuiteIndex> {
  const file = indexFile(dirs, config, suite, arch);
  const now = options.now ?? Date.now();
  const isFresh = (index: SuiteIndex | MissingIndex | null): index is SuiteIndex | MissingIndex =>
    index !== null && now - index.fetchedAt < (options.ttlMs ?? INDEX_TTL_MS);
  const use = (index: SuiteIndex | MissingIndex): SuiteIndex => {
    if (!("missing" in index)) return index;
    throw new LabError("IMAGE_INDEX_MISSING", `${index.message} (remembered; --refresh asks again)`, {
      where: { value: suite },
    });
  };
  const cached = readCached(file);
  if (isFresh(cached) && !options.refresh) return use(cached);
  const asked = Date.now();
  return withLock(dirs.locks, `index-${basename(file, ".json")}`, async () => {
    const again = readCached(file);
    if (again && again.fetchedAt >= asked) return use(again); // fetched by another process meanwhile
    if (isFresh(again) && !options.refresh) return use(again);
    let index: SuiteIndex | MissingIndex;
    try {
      index = await fetchIndex(config, suite, arch);
    } catch (error) {
      if (!isLabError(error)) throw error;
      if (again && !("missing" in again) && !options.refresh && error.code === "IMAGE_MIRROR_UNREACHABLE") {
        return { ...again, stale: true };
      }
      if (error.code !== "IMAGE_INDEX_MISSING") throw error;
      index = { missing: true, fetchedAt: Date.now(), message: error.message };
    }
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(index));
    renameSync(temp, file);
    return use(index);
  });
}
