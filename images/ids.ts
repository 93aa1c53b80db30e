/**
 * Kernel image ids: `debian:<version>` anywhere a kernel id is accepted, the ids lab.yaml defines
 * (e.g. `debian-6.1-amd64: { source: debian, version: "6.1", arch: x86_64 }`), and, when lab.yaml
 * does not define it, an id of that same shape `debian-<version>-<debian arch>`.
 */
import { ARCHES, hostArch } from "../lab/arch.js";
import type { Arch } from "../lab/backend.js";
import { LabError } from "../lab/errors.js";

export interface ImageSpec {
  source: string;
  version?: string;
  arch?: Arch;
}

export interface ParsedImageId {
  source: "debian";
  version: string;
  /** the arch the id names, when it names one */
  arch: Arch | null;
}

const DEBIAN_COLON = /^debian:(\d+(\.\d+)*)$/;
const DEBIAN_DASH = /^debian-(\d+(\.\d+)*)-([a-z0-9]+)$/;

export function parseImageId(id: string, images: Record<string, ImageSpec> = {}): ParsedImageId {
  const colon = DEBIAN_COLON.exec(id);
  if (colon) return { source: "debian", version: colon[1]!, arch: null };
  const spec = images[id];
  if (spec) {
    if (spec.source !== "debian" || !spec.version) {
      throw new LabError(
        "LAB_NOT_IMPLEMENTED",
        `image ${id} is a ${spec.source} image; only Debian prebuilt images are fetched here`,
        {
          where: { value: id },
        },
      );
    }
    return { source: "debian", version: spec.version, arch: spec.arch ?? null };
  }
  const dash = DEBIAN_DASH.exec(id);
  const arch = dash
    ? Object.values(ARCHES).find((row) => row.debian === dash[3] || row.arch === dash[3])
    : undefined;
  if (dash && arch) return { source: "debian", version: dash[1]!, arch: arch.arch };
  throw new LabError("IMAGE_NOT_FOUND", `unknown kernel image id ${JSON.stringify(id)}`, {
    where: { value: id },
    hint: "use debian:<version> (debian:6.1, debian:6.1.170) or an image id defined in lab.yaml",
  });
}

/** The arch to use: the id's own, which must agree with the one asked for. */
export function archFor(parsed: ParsedImageId, asked: Arch | undefined, id: string): Arch {
  if (parsed.arch && asked && parsed.arch !== asked) {
    throw new LabError("LAB_ARGS_INVALID", `image ${id} is for ${parsed.arch}, not ${asked}`, {
      where: { value: id },
    });
  }
  return parsed.arch ?? asked ?? hostArch();
}
