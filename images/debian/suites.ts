/**
 * The Debian suites the lab knows by name (the machine's sources usually name only its own
 * release), which archive serves each (`*-security` suites live under the security archive), and
 * the keyrings apt would trust for them.
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { LabError } from "../../lab/errors.js";
import { type AptSource, readAptSources } from "./apt-sources.js";

export const SUITES = [
  "bullseye",
  "bullseye-security",
  "bookworm",
  "bookworm-security",
  "bookworm-updates",
  "bookworm-backports",
  "trixie",
  "sid",
] as const;

export type Suite = (typeof SUITES)[number];

export type ArchiveKind = "archive" | "security";

export function archiveKindOf(suite: string): ArchiveKind {
  return suite.endsWith("-security") ? "security" : "archive";
}

/** Where the lab fetches from; every field may come from lab.yaml instead of the apt sources. */
export interface ArchiveConfig {
  /** base URI of the main archive (the directory holding `dists/` and `pool/`) */
  archive: string;
  /** base URI of the security archive */
  security: string;
  /** keyrings gpgv checks InRelease against */
  keyrings: string[];
  /** suites to search when resolving a version */
  suites: readonly string[];
}

export type ArchiveOverride = Partial<ArchiveConfig>;

const RELEASE_NAMES =
  /^(buster|bullseye|bookworm|trixie|forky|duke|sid|stable|testing|unstable|oldstable)(-.+)?$/;

function isDebianSuite(suite: string): boolean {
  return RELEASE_NAMES.test(suite);
}

/** Picks the main and security archive URIs out of apt source entries. */
export function archivesFromSources(sources: AptSource[]): { archive?: string; security?: string } {
  const found: { archive?: string; security?: string } = {};
  for (const source of sources) {
    for (const suite of source.suites) {
      if (!isDebianSuite(suite)) continue;
      const kind = archiveKindOf(suite);
      if (found[kind] === undefined) found[kind] = source.uri;
    }
  }
  return found;
}

/** The keyrings apt trusts for the Debian archive: the package's main keyring plus per-release ones. */
export function defaultKeyrings(dir = "/usr/share/keyrings"): string[] {
  const main = join(dir, "debian-archive-keyring.gpg");
  let names: string[] = [];
  try {
    names = readdirSync(dir).sort();
  } catch {
    names = [];
  }
  const perRelease = names
    .filter((n) => /^debian-archive-.+-(stable|automatic|security-automatic)\.gpg$/.test(n))
    .map((n) => join(dir, n));
  return [...(existsSync(main) ? [main] : []), ...perRelease];
}

/** The archive configuration: the override's fields first, then the machine's apt sources. */
export function resolveArchiveConfig(override: ArchiveOverride = {}, aptRoot = "/etc/apt"): ArchiveConfig {
  const needSources = override.archive === undefined || override.security === undefined;
  const fromSources = needSources ? archivesFromSources(readAptSources(aptRoot)) : {};
  const archive = override.archive ?? fromSources.archive;
  if (archive === undefined) {
    throw new LabError(
      "IMAGE_MIRROR_UNREACHABLE",
      `no Debian archive found in the apt sources under ${aptRoot}`,
      {
        where: { file: aptRoot },
        hint: "add a Debian `deb` source, or set archive: { debian: URI } in lab.yaml",
      },
    );
  }
  const security = override.security ?? fromSources.security ?? `${archive}-security`;
  const keyrings = override.keyrings ?? defaultKeyrings();
  return {
    archive: archive.replace(/\/+$/, ""),
    security: security.replace(/\/+$/, ""),
    keyrings,
    suites: override.suites ?? SUITES,
  };
}

export function suiteBaseUri(config: ArchiveConfig, suite: string): string {
  return archiveKindOf(suite) === "security" ? config.security : config.archive;
}
