/**
 * The base initramfs for an arch: busybox, the agent (when there is one) and `/init`, plus the few
 * nodes the kernel needs before devtmpfs is mounted (`/dev/console`). Cached as
 * `initramfs/base-<key>.cpio.gz`, the key being the hash of everything that goes in.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { CacheDirs } from "../cache/paths.js";
import { type CpioEntry, writeCpio } from "./cpio.js";
import { AGENT_PATH } from "./init-script.js";

export interface BaseInputs {
  busybox: Buffer;
  agent: Buffer | null;
  init: string;
}

const LAYOUT_VERSION = "1";

export function baseEntries(inputs: BaseInputs): CpioEntry[] {
  const dirs = [
    "bin",
    "sbin",
    "dev",
    "etc",
    "lib",
    "proc",
    "run",
    "sys",
    "tmp",
    "usr",
    "usr/bin",
    "usr/sbin",
  ];
  const entries: CpioEntry[] = dirs.map((path) => ({ type: "dir", path }));
  entries.push({ type: "char", path: "dev/console", major: 5, minor: 1, mode: 0o600 });
  entries.push({ type: "file", path: "bin/busybox", data: inputs.busybox, mode: 0o755 });
  entries.push({ type: "symlink", path: "bin/sh", target: "busybox" });
  if (inputs.agent)
    entries.push({ type: "file", path: AGENT_PATH.slice(1), data: inputs.agent, mode: 0o755 });
  entries.push({ type: "file", path: "init", data: Buffer.from(inputs.init), mode: 0o755 });
  return entries;
}

export function baseKey(inputs: BaseInputs): string {
  const hash = createHash("sha256").update(`lab-initramfs-base ${LAYOUT_VERSION}\n`);
  for (const part of [inputs.busybox, inputs.agent ?? Buffer.alloc(0), Buffer.from(inputs.init)]) {
    hash.update(createHash("sha256").update(part).digest());
  }
  return hash.digest("hex");
}

/** The path of the gzip'd base archive, built on first use. */
export function baseArchive(dirs: CacheDirs, inputs: BaseInputs): { path: string; key: string } {
  const key = baseKey(inputs);
  const path = join(dirs.initramfs, `base-${key}.cpio.gz`);
  if (!existsSync(path)) {
    const temp = `${path}.${process.pid}.tmp`;
    writeFileSync(temp, gzipSync(writeCpio(baseEntries(inputs)), { level: 6 }));
    renameSync(temp, path);
  }
  return { path, key };
}

/** Base + layer, concatenated (the kernel unpacks one gzip'd archive after the other). */
export function combinedArchive(
  dirs: CacheDirs,
  base: { path: string; key: string },
  layerPath: string,
): string {
  const layer = readFileSync(layerPath);
  const key = createHash("sha256")
    .update(base.key)
    .update(createHash("sha256").update(layer).digest())
    .digest("hex");
  const path = join(dirs.initramfs, `${key}.cpio.gz`);
  if (!existsSync(path)) {
    const temp = `${path}.${process.pid}.tmp`;
    writeFileSync(temp, Buffer.concat([readFileSync(base.path), layer]));
    renameSync(temp, path);
  }
  return path;
}
