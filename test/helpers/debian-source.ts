/**
 * Fetch a Debian source package from the archive the machine's apt is configured with, verifying
 * every byte before use: InRelease by its signature (gpgv, Debian's archive keyring), Sources.xz by
 * the SHA256 that InRelease lists, and each file of the package (.dsc, .orig.tar.*, .debian.tar.*)
 * by the SHA256 and size that Sources lists. Downloads are cached by content (sha256) under
 * $LAB_CACHE (default ~/.cache/lab)/debian. When the archive cannot be reached, a cached InRelease
 * (re-verified) is used; if what it names is not cached either, ArchiveUnreachable is thrown and
 * tests skip with its message (also when the mirror lacks a file the index names: ArchiveFileMissing).
 *
 * The mirror comes from LAB_DEBIAN_MIRROR or the apt sources, never from this file.
 */
import { execFile } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
export const DEBIAN_KEYRING = "/usr/share/keyrings/debian-archive-keyring.gpg";

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
  /** file name -> verified local path */
  paths: Record<string, string>;
}

export interface FetchOptions {
  suite?: string;
  component?: string;
  cacheDir?: string;
  mirror?: string;
  /** which of the package's files to fetch [all] */
  only?: (fileName: string) => boolean;
}

export function labCacheDir(): string {
  return process.env.LAB_CACHE || join(homedir(), ".cache", "lab");
}

/** Fetch and verify one source package; returns its files' local paths. */
export async function fetchSourcePackage(name: string, options: FetchOptions = {}): Promise<SourcePackage> {
  const suite = options.suite ?? "bookworm";
  const component = options.component ?? "main";
  const mirror = options.mirror ?? mirrorFromApt(suite);
  const cache = join(options.cacheDir ?? labCacheDir(), "debian");
  const release = await verifiedInRelease(mirror, suite, cache);
  const index = `${component}/source/Sources.xz`;
  const indexEntry = parseChecksums(release).find((f) => f.name === index);
  if (!indexEntry) throw new Error(`InRelease of ${suite} lists no ${index}`);
  const sourcesXz = await fetchVerified(`${mirror}/dists/${suite}/${index}`, indexEntry, cache);
  const { stdout } = await run("xz", ["-dc", sourcesXz], { maxBuffer: 512 * 1024 * 1024, encoding: "utf8" });
  const stanza = findStanza(stdout, name);
  if (!stanza) throw new Error(`${suite}/${component} has no source package ${name}`);
  const pkg = { package: name, version: stanza.Version ?? "", directory: stanza.Directory ?? "" };
  const files = parseChecksums(stanza["Checksums-Sha256"] ?? "");
  const paths: Record<string, string> = {};
  for (const file of files.filter((f) => options.only?.(f.name) ?? true)) {
    paths[file.name] = await fetchVerified(`${mirror}/${pkg.directory}/${file.name}`, file, cache);
  }
  return { ...pkg, files, paths };
}

/**
 * The URI of the apt source that serves `suite` (deb822 .sources files, then sources.list). The
 * main archive also serves suites apt is not configured for (trixie, bullseye, ...), so without an
 * exact match the first source of a non-security suite is used; `*-security` needs a security one.
 */
export function mirrorFromApt(suite: string): string {
  if (process.env.LAB_DEBIAN_MIRROR) return process.env.LAB_DEBIAN_MIRROR.replace(/\/+$/, "");
  const sources = aptSources();
  const security = suite.endsWith("-security");
  const found =
    sources.find((s) => s.suites.includes(suite)) ??
    sources.find((s) => s.suites.some((x) => x.endsWith("-security") === security));
  if (!found) throw new ArchiveUnreachable(`no apt source serves ${suite} (set LAB_DEBIAN_MIRROR)`);
  return found.uri.replace(/\/+$/, "");
}

function aptSources(): Array<{ uri: string; suites: string[] }> {
  const out: Array<{ uri: string; suites: string[] }> = [];
  const dir = "/etc/apt/sources.list.d";
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".sources")) : [];
  for (const file of files) {
    for (const stanza of parseStanzas(readFileSync(join(dir, file), "utf8"))) {
      const uri = (stanza.URIs ?? "").split(/\s+/)[0];
      if (uri) out.push({ uri, suites: (stanza.Suites ?? "").split(/\s+/) });
    }
  }
  const list = existsSync("/etc/apt/sources.list") ? readFileSync("/etc/apt/sources.list", "utf8") : "";
  for (const line of list.split("\n")) {
    const m = /^\s*deb(?:-src)?\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)/.exec(line);
    if (m) out.push({ uri: m[1]!, suites: [m[2]!] });
  }
  return out;
}

async function verifiedInRelease(mirror: string, suite: string, cache: string): Promise<string> {
  const cached = join(cache, "dists", suite, "InRelease");
  try {
    const fresh = await download(`${mirror}/dists/${suite}/InRelease`);
    const text = await gpgvVerify(fresh, `${suite}/InRelease`);
    await writeAtomic(cached, fresh);
    return text;
  } catch (error) {
    if (!(error instanceof ArchiveUnreachable) || !existsSync(cached)) throw error;
    return gpgvVerify(await readFile(cached), `cached ${suite}/InRelease`);
  }
}

/** The signed text of an InRelease (only what the signature covers), or an error. */
async function gpgvVerify(bytes: Uint8Array, what: string): Promise<string> {
  const file = join(tmpdir(), `lab-inrelease-${process.pid}-${randomBytes(4).toString("hex")}`);
  await writeFile(file, bytes);
  try {
    const { stdout } = await run("gpgv", ["--keyring", DEBIAN_KEYRING, "--output", "-", file], {
      maxBuffer: 64 * 1024 * 1024,
      encoding: "utf8",
    });
    return stdout;
  } catch (error) {
    throw new Error(`${what}: signature check failed: ${(error as { stderr?: string }).stderr ?? error}`);
  } finally {
    await rm(file, { force: true });
  }
}

/** A file by URL, verified against its size and SHA256; cached by content. */
async function fetchVerified(url: string, want: SourceFile, cache: string): Promise<string> {
  const path = join(cache, "by-sha256", want.sha256);
  if (existsSync(path) && sha256(await readFile(path)) === want.sha256) return path;
  const bytes = await download(url);
  const got = sha256(bytes);
  if (bytes.length !== want.size || got !== want.sha256) {
    throw new Error(
      `${url}: got ${bytes.length} bytes sha256 ${got}, want ${want.size} bytes ${want.sha256}`,
    );
  }
  await writeAtomic(path, bytes);
  return path;
}

async function download(url: string): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(120_000) });
  } catch (error) {
    throw new ArchiveUnreachable(`Debian archive unreachable (${url}): ${(error as Error).message}`);
  }
  if (response.status === 404)
    throw new ArchiveFileMissing(`${url}: HTTP 404 (named by the index, not on the mirror)`);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

async function writeAtomic(path: string, bytes: Uint8Array): Promise<void> {
  await mkdir(join(path, ".."), { recursive: true });
  const temp = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  await writeFile(temp, bytes);
  await rename(temp, path);
}

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
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

function findStanza(sources: string, name: string): Record<string, string> | undefined {
  const at = sources.search(new RegExp(`^Package: ${name.replace(/[.+]/g, "\\$&")}$`, "m"));
  if (at < 0) return undefined;
  const end = sources.indexOf("\n\n", at);
  return parseStanzas(sources.slice(at, end < 0 ? undefined : end))[0];
}

/** `SHA256:` / `Checksums-Sha256:` lines: "HASH SIZE NAME". */
export function parseChecksums(text: string): SourceFile[] {
  const section = /^SHA256:\s*\n((?:[ \t].*\n?)*)/m.exec(text)?.[1] ?? text;
  const out: SourceFile[] = [];
  for (const line of section.split("\n")) {
    const m = /^\s*([0-9a-f]{64})\s+(\d+)\s+(\S+)\s*$/.exec(line);
    if (m) out.push({ sha256: m[1]!, size: Number(m[2]), name: m[3]! });
  }
  return out;
}
