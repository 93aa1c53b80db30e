/**
 * The newc ("070701") cpio format the kernel unpacks as an initramfs: a 110-byte ASCII header of
 * thirteen 8-digit hex fields, the NUL-terminated name padded to 4 bytes, the data padded to 4
 * bytes, and a `TRAILER!!!` entry. Timestamps and owners are zero, so equal inputs give equal bytes.
 */

export type CpioEntry =
  | { type: "dir"; path: string; mode?: number }
  | { type: "file"; path: string; data: Uint8Array; mode?: number }
  | { type: "symlink"; path: string; target: string }
  | { type: "char"; path: string; major: number; minor: number; mode?: number };

const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;
const S_IFCHR = 0o020000;

function hex8(value: number): string {
  return (value >>> 0).toString(16).padStart(8, "0");
}

function pad4(length: number): number {
  return (4 - (length % 4)) % 4;
}

interface Fields {
  ino: number;
  mode: number;
  nlink: number;
  size: number;
  rdevMajor: number;
  rdevMinor: number;
}

function record(name: string, fields: Fields, data: Uint8Array): Buffer {
  const nameBytes = Buffer.from(`${name}\0`, "utf8");
  const header = [
    "070701",
    hex8(fields.ino),
    hex8(fields.mode),
    hex8(0), // uid
    hex8(0), // gid
    hex8(fields.nlink),
    hex8(0), // mtime
    hex8(fields.size),
    hex8(0), // devmajor
    hex8(0), // devminor
    hex8(fields.rdevMajor),
    hex8(fields.rdevMinor),
    hex8(nameBytes.length),
    hex8(0), // check
  ].join("");
  return Buffer.concat([
    Buffer.from(header, "ascii"),
    nameBytes,
    Buffer.alloc(pad4(110 + nameBytes.length)),
    data,
    Buffer.alloc(pad4(data.length)),
  ]);
}

function contentOf(entry: CpioEntry): { mode: number; data: Uint8Array; rdev: [number, number] } {
  switch (entry.type) {
    case "dir":
      return { mode: S_IFDIR | (entry.mode ?? 0o755), data: new Uint8Array(0), rdev: [0, 0] };
    case "file":
      return { mode: S_IFREG | (entry.mode ?? 0o644), data: entry.data, rdev: [0, 0] };
    case "symlink":
      return { mode: S_IFLNK | 0o777, data: Buffer.from(entry.target, "utf8"), rdev: [0, 0] };
    case "char":
      return {
        mode: S_IFCHR | (entry.mode ?? 0o600),
        data: new Uint8Array(0),
        rdev: [entry.major, entry.minor],
      };
  }
}

/** A complete newc archive of `entries` (paths relative, no leading `/`), in the order given. */
export function writeCpio(entries: CpioEntry[], firstIno = 1): Buffer {
  const parts = entries.map((entry, index) => {
    const { mode, data, rdev } = contentOf(entry);
    const name = entry.path.replace(/^\/+/, "");
    const nlink = entry.type === "dir" ? 2 : 1;
    return record(
      name,
      { ino: firstIno + index, mode, nlink, size: data.length, rdevMajor: rdev[0], rdevMinor: rdev[1] },
      data,
    );
  });
  parts.push(
    record(
      "TRAILER!!!",
      { ino: 0, mode: 0, nlink: 1, size: 0, rdevMajor: 0, rdevMinor: 0 },
      new Uint8Array(0),
    ),
  );
  return Buffer.concat(parts);
}

/** Directory entries for every parent of `paths`, parents first, each once. */
export function parentDirs(paths: string[]): CpioEntry[] {
  const seen = new Set<string>();
  const dirs: CpioEntry[] = [];
  for (const path of paths) {
    const parts = path.replace(/^\/+/, "").split("/").slice(0, -1);
    for (let i = 1; i <= parts.length; i++) {
      const dir = parts.slice(0, i).join("/");
      if (!seen.has(dir)) {
        seen.add(dir);
        dirs.push({ type: "dir", path: dir });
      }
    }
  }
  return dirs;
}
