/**
 * The signed text of a suite's `InRelease`: its header fields and the SHA256 table of index files.
 */
import { LabError } from "../../lab/errors.js";

export interface ReleaseFile {
  sha256: string;
  size: number;
}

export interface Release {
  fields: Map<string, string>;
  /** path under dists/<suite>/ -> its SHA256 and size */
  sha256: Map<string, ReleaseFile>;
  acquireByHash: boolean;
  validUntil: string | null;
}

export function parseRelease(text: string): Release {
  const fields = new Map<string, string>();
  const sha256 = new Map<string, ReleaseFile>();
  let current = "";
  for (const line of text.split("\n")) {
    if (/^\s/.test(line)) {
      if (current === "SHA256") {
        const [hash, size, path] = line.trim().split(/\s+/);
        if (hash && size && path) sha256.set(path, { sha256: hash, size: Number(size) });
      }
      continue;
    }
    const colon = line.indexOf(":");
    if (colon < 0) continue;
    current = line.slice(0, colon);
    fields.set(current, line.slice(colon + 1).trim());
  }
  return {
    fields,
    sha256,
    acquireByHash: (fields.get("Acquire-By-Hash") ?? "").toLowerCase() === "yes",
    validUntil: fields.get("Valid-Until") ?? null,
  };
}

export function releaseEntry(release: Release, path: string, origin: string): ReleaseFile {
  const entry = release.sha256.get(path);
  if (!entry) {
    throw new LabError("IMAGE_INDEX_MISSING", `${origin} lists no SHA256 for ${path}`, {
      where: { value: path },
      hint: "the suite may not carry this architecture",
    });
  }
  return entry;
}
