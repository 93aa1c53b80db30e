/**
 * Fetch a Debian source package, verified, with the lab's Debian archive client (images/debian,
 * images/download): InRelease checked with gpgv against the archive keyrings, Sources.xz by the
 * SHA256 the signed InRelease lists, and each file of the package (.dsc, .orig.tar.*,
 * .debian.tar.*) by the SHA256 and size Sources lists. Files land in the content-addressed cache
 * ($LAB_CACHE, default ~/.cache/lab). When the mirror cannot be reached, the last InRelease that
 * verified is re-verified and used; if what it names is not cached either, ArchiveUnreachable is
 * thrown and tests skip with its message (also when the mirror lacks a file the index names:
 * ArchiveFileMissing). A bad signature or checksum is an error, never a skip.
 *
 * The archive comes from LAB_DEBIAN_MIRROR or the apt sources, never from this file.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type CacheDirs, cacheDirs } from "../../images/cache/paths.js";
import { verifyClearsigned } from "../../images/debian/gpgv.js";
import { parseRelease, releaseEntry } from "../../images/debian/release.js";
import { resolveArchiveConfig, suiteBaseUri } from "../../images/debian/suites.js";
import { compareDebianVersions } from "../../images/debian/version.js";
import { decompress } from "../../images/download/decompress.js";
import { downloadVerified } from "../../images/download/download.js";
import { httpGetBuffer } from "../../images/download/http.js";
import { isLabError } from "../../lab/errors.js";

export class ArchiveUnreachable extends Error {}
/** A file the signed index names is not on the mirror (happens: some index entries 404). */
export class ArchiveFileMissing extends ArchiveUnreachable {}

export interface SourceFile {
  name: string;
  size: number;
  sha256: string;
}

export interface SourcePackage {
  package: string;
  version: string;
  directory: string;
  files: SourceFile[];
  /** file name -> verified local path (only the files asked for) */
  paths: Record<string, string>;
}

export interface FetchOptions {
  suite?: string;
  component?: string;
  /** the cache root [$LAB_CACHE or ~/.cache/lab] */
  cacheDir?: string;
  /** which of the package's files to fetch [all] */
  only?: (fileName: string) => boolean;
}

/** Fetch and verify one source package (its newest version in the suite). */
export async function fetchSourcePackage(name: string, options: FetchOptions = {}): Promise<SourcePackage> {
  try {
    return await fetchOrThrow(name, options);
  } catch (error) {
    if (!isLabError(error)) throw error;
    if (error.code === "IMAGE_MIRROR_UNREACHABLE") throw new ArchiveUnreachable(error.message);
    if (error.code === "IMAGE_PACKAGE_MISSING" || error.code === "IMAGE_INDEX_MISSING") {
      throw new ArchiveFileMissing(error.message);
    }
    throw error;
  }
}

async function fetchOrThrow(name: string, options: FetchOptions): Promise<SourcePackage> {
  const suite = options.suite ?? "bookworm";
  const component = options.component ?? "main";
  const mirror = process.env.LAB_DEBIAN_MIRROR;
  const config = resolveArchiveConfig(mirror ? { archive: mirror, security: `${mirror}-security` } : {});
  const dirs = cacheDirs(options.cacheDir);
  const base = suiteBaseUri(config, suite);
  const dists = `${base}/dists/${suite}`;
  const release = parseRelease(await verifiedInRelease(dirs, dists, config.keyrings));
  const index = `${component}/source/Sources.xz`;
  const entry = releaseEntry(release, index, `${dists}/InRelease`);
  const stanza = await sourceStanza(dirs, `${dists}/${index}`, entry, name);
  if (!stanza) throw new Error(`${suite}/${component} has no source package ${name}`);
  const directory = stanza.Directory ?? "";
  const files = parseChecksums(stanza["Checksums-Sha256"] ?? "");
  const paths: Record<string, string> = {};
  for (const file of files.filter((f) => options.only?.(f.name) ?? true)) {
    const url = `${base}/${directory}/${file.name}`;
    paths[file.name] = await downloadVerified(dirs, { url, sha256: file.sha256, size: file.size });
  }
  return { package: name, version: stanza.Version ?? "", directory, files, paths };
}

/** The package's newest stanza in a verified Sources.xz; remembered per index SHA256 and package. */
async function sourceStanza(
  dirs: CacheDirs,
  url: string,
  entry: { sha256: string; size: number },
  name: string,
): Promise<Record<string, string> | undefined> {
  const memo = join(dirs.indexes, `sources-${entry.sha256}-${name.replace(/[^A-Za-z0-9.+-]/g, "_")}.json`);
  if (existsSync(memo)) return JSON.parse(readFileSync(memo, "utf8")) as Record<string, string>;
  const xz = await downloadVerified(dirs, { url, sha256: entry.sha256, size: entry.size });
  const stanza = newestStanza((await decompress(readFileSync(xz), url)).toString("utf8"), name);
  if (stanza) {
    writeFileSync(`${memo}.${process.pid}.tmp`, JSON.stringify(stanza));
    renameSync(`${memo}.${process.pid}.tmp`, memo);
  }
  return stanza;
}

/** The signed text of the suite's InRelease; offline, the last copy that verified (re-verified). */
async function verifiedInRelease(dirs: CacheDirs, dists: string, keyrings: string[]): Promise<string> {
  const copy = join(dirs.indexes, `InRelease-${dists.replace(/[^A-Za-z0-9.-]+/g, "_")}`);
  let raw: Buffer;
  try {
    raw = await httpGetBuffer(`${dists}/InRelease`);
  } catch (error) {
    if (!(isLabError(error) && error.code === "IMAGE_MIRROR_UNREACHABLE" && existsSync(copy))) throw error;
    return (await verifyClearsigned(readFileSync(copy), keyrings, `cached ${dists}/InRelease`)).text;
  }
  const { text } = await verifyClearsigned(raw, keyrings, `${dists}/InRelease`);
  writeFileSync(`${copy}.${process.pid}.tmp`, raw);
  renameSync(`${copy}.${process.pid}.tmp`, copy);
  return text;
}

/** deb822 paragraphs: field -> value (continuation lines joined with "\n"). */
export function parseStanzas(text: string): Array<Record<string, string>> {
  const out: Array<Record<string, string>> = [];
  for (const block of text.split(/\n\s*\n/)) {
    const stanza: Record<string, string> = {};
    let last: string | null = null;
    for (const line of block.split("\n")) {
      if (line.startsWith("#") || line === "") continue;
      if (/^\s/.test(line) && last) stanza[last] += `\n${line.trim()}`;
      else {
        const colon = line.indexOf(":");
        if (colon < 0) continue;
        last = line.slice(0, colon);
        stanza[last] = line.slice(colon + 1).trim();
      }
    }
    if (Object.keys(stanza).length > 0) out.push(stanza);
  }
  return out;
}

function newestStanza(sources: string, name: string): Record<string, string> | undefined {
  const header = new RegExp(`^Package: ${name.replace(/[.+]/g, "\\$&")}$`, "gm");
  const found: Array<Record<string, string>> = [];
  for (const m of sources.matchAll(header)) {
    const end = sources.indexOf("\n\n", m.index);
    const stanza = parseStanzas(sources.slice(m.index, end < 0 ? undefined : end))[0];
    if (stanza) found.push(stanza);
  }
  return found.sort((a, b) => compareDebianVersions(b.Version ?? "0", a.Version ?? "0"))[0];
}

/** `Checksums-Sha256:` lines: "HASH SIZE NAME". */
export function parseChecksums(text: string): SourceFile[] {
  const out: SourceFile[] = [];
  for (const line of text.split("\n")) {
    const m = /^\s*([0-9a-f]{64})\s+(\d+)\s+(\S+)\s*$/.exec(line);
    if (m) out.push({ sha256: m[1]!, size: Number(m[2]), name: m[3]! });
  }
  return out;
}
