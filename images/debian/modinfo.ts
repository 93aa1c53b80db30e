/**
 * What a kernel module says about itself: the `.modinfo` section of its ELF file (`name=`,
 * `depends=`), read without any tool. Both arches here are 64-bit little-endian.
 */
import { LabError } from "../../lab/errors.js";

function sectionNamed(elf: Buffer, wanted: string, what: string): Buffer | null {
  if (elf.length < 64 || elf.readUInt32BE(0) !== 0x7f454c46 || elf[4] !== 2 || elf[5] !== 1) {
    throw new LabError("IMAGE_BUILD_FAILED", `${what} is not a 64-bit little-endian ELF module`, {
      where: { file: what },
    });
  }
  const shoff = Number(elf.readBigUInt64LE(0x28));
  const shentsize = elf.readUInt16LE(0x3a);
  const shnum = elf.readUInt16LE(0x3c);
  const shstrndx = elf.readUInt16LE(0x3e);
  const header = (i: number) => shoff + i * shentsize;
  const strings = Number(elf.readBigUInt64LE(header(shstrndx) + 0x18));
  for (let i = 0; i < shnum; i++) {
    const at = header(i);
    const nameAt = strings + elf.readUInt32LE(at);
    const end = elf.indexOf(0, nameAt);
    if (elf.toString("latin1", nameAt, end) !== wanted) continue;
    const offset = Number(elf.readBigUInt64LE(at + 0x18));
    const size = Number(elf.readBigUInt64LE(at + 0x20));
    return elf.subarray(offset, offset + size);
  }
  return null;
}

export interface ModInfo {
  name: string | null;
  depends: string[];
}

/** Module names as the kernel compares them: `-` and `_` are the same. */
export function moduleKey(name: string): string {
  return name.replace(/-/g, "_");
}

export function readModInfo(elf: Buffer, what: string): ModInfo {
  const section = sectionNamed(elf, ".modinfo", what);
  const fields = new Map<string, string>();
  if (section) {
    for (const item of section.toString("utf8").split("\0")) {
      const eq = item.indexOf("=");
      if (eq > 0 && !fields.has(item.slice(0, eq))) fields.set(item.slice(0, eq), item.slice(eq + 1));
    }
  }
  const depends = (fields.get("depends") ?? "").split(",").filter(Boolean).map(moduleKey);
  return { name: fields.has("name") ? moduleKey(fields.get("name")!) : null, depends };
}
