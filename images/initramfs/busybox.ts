/**
 * busybox-static for the guest's arch: this machine's own static busybox when the arch is the
 * host's, else the `busybox-static` package for that arch from the archive, downloaded and
 * verified like every package, with `bin/busybox` kept in the cache by the package's SHA256.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { hostArch } from "../../lab/arch.js";
import type { Arch } from "../../lab/backend.js";
import { LabError } from "../../lab/errors.js";
import type { CacheDirs } from "../cache/paths.js";
import { readDebMembers } from "../debian/deb.js";
import { type FetchOptions, fetchPackage } from "../debian/fetch.js";
import { loadOffer, packagesNamed } from "../debian/kernels.js";
import type { ArchiveConfig } from "../debian/suites.js";

const HOST_BUSYBOX = ["/bin/busybox", "/usr/bin/busybox"];

/** True for an ELF executable with no program interpreter (PT_INTERP), i.e. statically linked. */
export function isStaticElf(elf: Buffer): boolean {
  if (elf.length < 64 || elf.readUInt32BE(0) !== 0x7f454c46 || elf[4] !== 2) return false;
  const phoff = Number(elf.readBigUInt64LE(0x20));
  const phentsize = elf.readUInt16LE(0x36);
  const phnum = elf.readUInt16LE(0x38);
  for (let i = 0; i < phnum; i++) if (elf.readUInt32LE(phoff + i * phentsize) === 3) return false;
  return true;
}

export interface Busybox {
  data: Buffer;
  origin: string;
}

export async function busyboxFor(
  dirs: CacheDirs,
  config: ArchiveConfig,
  arch: Arch,
  options: FetchOptions = {},
): Promise<Busybox> {
  if (arch === hostArch()) {
    for (const path of HOST_BUSYBOX) {
      if (!existsSync(path)) continue;
      const data = readFileSync(path);
      if (isStaticElf(data)) return { data, origin: path };
    }
  }
  const offer = await loadOffer(dirs, config, arch, options);
  const pkg = packagesNamed(offer, "busybox-static")[0];
  if (!pkg) {
    throw new LabError("IMAGE_NOT_FOUND", `no busybox-static package for ${arch} in the configured suites`, {
      where: { value: arch },
    });
  }
  const extracted = join(dirs.initramfs, `busybox-${pkg.sha256}`);
  const origin = `${pkg.package} ${pkg.version} (${pkg.suite})`;
  if (existsSync(extracted)) return { data: readFileSync(extracted), origin };
  const deb = await fetchPackage(dirs, config, pkg, options);
  const members = await readDebMembers(deb, (p) => /(^|\/)bin\/busybox$/.test(p));
  const binary = members.find((m) => m.data !== null)?.data;
  if (!binary || !isStaticElf(binary)) {
    throw new LabError("IMAGE_BUILD_FAILED", `${origin} holds no static bin/busybox`, {
      where: { file: deb },
    });
  }
  const temp = `${extracted}.${process.pid}.tmp`;
  writeFileSync(temp, binary, { mode: 0o755 });
  renameSync(temp, extracted);
  return { data: binary, origin };
}
