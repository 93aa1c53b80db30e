/**
 * A `Packages` index: stanzas of `Field: value` lines. The lab keeps only the packages it uses:
 * cloud kernels, kernel sources and busybox-static.
 */

import { ARCHES } from "../../lab/arch.js";
import type { Arch } from "../../lab/backend.js";

export interface DebPackage {
  package: string;
  version: string;
  architecture: string;
  /** path under the archive root (pool/...) */
  filename: string;
  size: number;
  sha256: string;
  /** the suite whose signed index listed it */
  suite: string;
  /** kernel packages only: their Depends line (split kernels name their parts there) */
  depends?: string;
}

const WANTED =
  /^(linux-(image|binary|modules)-.+-cloud-(amd64|arm64)(-unsigned)?|linux-source-[0-9.]+|busybox-static)$/;

function parseStanza(stanza: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of stanza.split("\n")) {
    if (line === "" || line.startsWith(" ") || line.startsWith("\t")) continue;
    const colon = line.indexOf(":");
    if (colon > 0) fields.set(line.slice(0, colon), line.slice(colon + 1).trim());
  }
  return fields;
}

const BLANK_LINE = Buffer.from("\n\n");

function toPackage(stanza: string, name: string, suite: string): DebPackage | null {
  const f = parseStanza(stanza);
  const sha256 = f.get("SHA256");
  const filename = f.get("Filename");
  if (!sha256 || !filename) return null;
  return {
    package: name,
    version: f.get("Version") ?? "",
    architecture: f.get("Architecture") ?? "",
    filename,
    size: Number(f.get("Size") ?? Number.NaN),
    sha256,
    suite,
    ...(name.startsWith("linux-image-") ? { depends: f.get("Depends") ?? "" } : {}),
  };
}

/** Name prefixes of the wanted packages: the index is searched for these only. */
const WANTED_PREFIXES = ["linux-", "busybox-static"];

/**
 * The packages of a `Packages` index that the lab uses, each with the suite it came from. Works on
 * the raw bytes (an index is about 50 MB): it searches for `Package: <prefix>` at line starts and
 * decodes only those stanzas. `Package:` is the first field of every stanza.
 */
export function parsePackages(
  index: Buffer | string,
  suite: string,
  wanted: RegExp = WANTED,
  prefixes: string[] = WANTED_PREFIXES,
): DebPackage[] {
  const data = typeof index === "string" ? Buffer.from(index, "utf8") : index;
  const found: Array<[number, DebPackage]> = [];
  for (const prefix of prefixes) {
    const needle = Buffer.from(`Package: ${prefix}`);
    for (let at = data.indexOf(needle); at >= 0; at = data.indexOf(needle, at + needle.length)) {
      if (at > 0 && data[at - 1] !== 0x0a) continue;
      let end = data.indexOf(BLANK_LINE, at);
      if (end < 0) end = data.length;
      const lineEnd = data.indexOf(0x0a, at);
      const name = data.toString("latin1", at + 9, lineEnd < 0 || lineEnd > end ? end : lineEnd).trim();
      if (!wanted.test(name)) continue;
      const pkg = toPackage(data.toString("utf8", at, end), name, suite);
      if (pkg) found.push([at, pkg]);
    }
  }
  return found.sort((a, b) => a[0] - b[0]).map(([, pkg]) => pkg);
}

export interface KernelPackage extends DebPackage {
  arch: Arch;
  /** `uname -r` of the kernel, e.g. 6.1.0-50-cloud-amd64 */
  release: string;
  /** the upstream version, e.g. 6.1.176 */
  upstream: string;
  unsigned: boolean;
  /** packages holding the files when the image package is split (Debian 7.x: linux-binary-*, linux-modules-*) */
  parts: string[];
}

/** The upstream part of a Debian kernel version: `6.1.164-1~deb11u1` -> `6.1.164`. */
export function upstreamVersion(version: string): string {
  const noEpoch = version.replace(/^\d+:/, "");
  return /^\d+(\.\d+)*/.exec(noEpoch)?.[0] ?? noEpoch;
}

export function asKernel(pkg: DebPackage): KernelPackage | null {
  const match = /^linux-image-(.+)-cloud-(amd64|arm64)(-unsigned)?$/.exec(pkg.package);
  if (!match || match[1] === undefined) return null;
  // `linux-image-6.12-cloud-arm64` and the like are meta packages that only depend on a kernel.
  if (/^\d+\.\d+$/.test(match[1])) return null;
  const arch = Object.values(ARCHES).find((row) => row.debian === match[2])?.arch;
  if (!arch) return null;
  return {
    ...pkg,
    arch,
    release: `${match[1]}-cloud-${match[2]}`,
    upstream: upstreamVersion(pkg.version),
    unsigned: match[3] !== undefined,
    parts: splitParts(pkg.depends ?? "", `${match[1]}-cloud-${match[2]}`),
  };
}

function splitParts(depends: string, release: string): string[] {
  const names = depends.split(/[,|]/).map((d) => d.trim().split(/\s/)[0] ?? "");
  return names.filter((n) => n === `linux-binary-${release}` || n === `linux-modules-${release}`);
}
