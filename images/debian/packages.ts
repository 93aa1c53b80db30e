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

/** The packages of a `Packages` text that the lab uses, each with the suite it came from. */
export function parsePackages(text: string, suite: string, wanted: RegExp = WANTED): DebPackage[] {
  const result: DebPackage[] = [];
  for (const stanza of text.split(/\n\n+/)) {
    const head = /^Package: (\S+)/m.exec(stanza);
    if (!head || !wanted.test(head[1]!)) continue;
    const f = parseStanza(stanza);
    const sha256 = f.get("SHA256");
    const filename = f.get("Filename");
    if (!sha256 || !filename) continue;
    result.push({
      package: head[1]!,
      version: f.get("Version") ?? "",
      architecture: f.get("Architecture") ?? "",
      filename,
      size: Number(f.get("Size") ?? Number.NaN),
      sha256,
      suite,
      ...(head[1]!.startsWith("linux-image-") ? { depends: f.get("Depends") ?? "" } : {}),
    });
  }
  return result;
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
