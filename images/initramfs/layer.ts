/**
 * The per-kernel initramfs layer: the channel's modules as `/lib/modules/lab/<name>.ko` and their
 * load order in `/lib/modules/lab/order` (one name a line, dependencies first), which `/init`
 * insmods. Gzip'd; the kernel unpacks it after the base archive it is concatenated to.
 */
import { gzipSync } from "node:zlib";
import { type CpioEntry, parentDirs, writeCpio } from "./cpio.js";

export const MODULES_DIR = "lib/modules/lab";

export interface LayerModule {
  name: string;
  data: Uint8Array;
}

export function buildModulesLayer(modules: LayerModule[]): Buffer {
  const files: CpioEntry[] = modules.map((m) => ({
    type: "file",
    path: `${MODULES_DIR}/${m.name}.ko`,
    data: m.data,
  }));
  const order = modules.map((m) => `${m.name}\n`).join("");
  files.push({ type: "file", path: `${MODULES_DIR}/order`, data: Buffer.from(order) });
  // Inode numbers far from the base archive's, so the two never look like hard links to each other.
  return gzipSync(writeCpio([...parentDirs([`${MODULES_DIR}/order`]), ...files], 0x10000), { level: 9 });
}
