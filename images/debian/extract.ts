/**
 * A kernel out of its verified .deb(s): `boot/vmlinuz-*`, `config-*`, `System.map-*`, and the
 * channel's modules with their dependency closure (from each module's own `.modinfo`, since the
 * package ships no modules.dep), decompressed, in load order. Modules the kernel builds in
 * (`modules.builtin`) need no file; modules it lacks altogether are reported, not invented.
 */
import { basename } from "node:path";
import { LabError } from "../../lab/errors.js";
import { decompress } from "../download/decompress.js";
import { readDebMembers } from "./deb.js";
import { moduleKey, readModInfo } from "./modinfo.js";

export interface KernelModule {
  name: string;
  data: Buffer;
  depends: string[];
}

export interface ExtractedKernel {
  release: string;
  vmlinuz: Buffer;
  config: Buffer | null;
  systemMap: Buffer | null;
  /** the modules to insmod, dependencies first */
  modules: KernelModule[];
  /** channel modules the kernel has built in */
  builtin: string[];
  /** channel modules the kernel has neither built in nor as a file */
  absent: string[];
}

const MODULE_FILE = /\/modules\/[^/]+\/kernel\/.+\.ko(\.(xz|zst|gz))?$/;
const BOOT_FILE = /(^|\/)boot\/(vmlinuz|vmlinux|config|System\.map)-(.+)$/;
/** Debian 7.x packages (linux-binary-*) put the image beside the modules instead. */
const MODULES_BOOT_FILE = /(^|\/)modules\/([^/]+)\/(vmlinuz|config|System\.map)$/;

/** `vmlinuz` / `config` / `System.map` and the release, for a kernel file in either layout. */
export function bootFileOf(path: string): { kind: string; release: string } | null {
  const boot = BOOT_FILE.exec(path);
  if (boot) return { kind: boot[2]!, release: boot[3]! };
  const beside = MODULES_BOOT_FILE.exec(path);
  return beside ? { kind: beside[3]!, release: beside[2]! } : null;
}

function moduleNameOf(path: string): string {
  return moduleKey(basename(path).replace(/\.ko(\.(xz|zst|gz))?$/, ""));
}

async function collect(debs: string[], keep: (path: string) => boolean) {
  const files = new Map<string, Buffer>();
  const modulePaths = new Map<string, string>();
  for (const deb of debs) {
    for (const entry of await readDebMembers(deb, keep)) {
      if (entry.type !== "file") continue;
      if (MODULE_FILE.test(entry.path)) modulePaths.set(moduleNameOf(entry.path), entry.path);
      if (entry.data) files.set(entry.path, entry.data);
    }
  }
  return { files, modulePaths };
}

function builtinNames(files: Map<string, Buffer>): Set<string> {
  const names = new Set<string>();
  for (const [path, data] of files) {
    if (!path.endsWith("/modules.builtin")) continue;
    for (const line of data.toString("utf8").split("\n"))
      if (line.trim()) names.add(moduleNameOf(line.trim()));
  }
  return names;
}

/** Orders `roots` and their dependencies so that every module comes after what it depends on. */
export function loadOrder(roots: string[], depsOf: (name: string) => string[]): string[] {
  const order: string[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (name: string) => {
    if (state.get(name) === "done") return;
    if (state.get(name) === "visiting") return; // a cycle: the kernel would refuse it too
    state.set(name, "visiting");
    for (const dep of depsOf(name)) visit(dep);
    state.set(name, "done");
    order.push(name);
  };
  for (const root of roots) visit(root);
  return order;
}

export async function extractKernel(
  debs: string[],
  channelModules: string[],
  what: string,
): Promise<ExtractedKernel> {
  const wanted = new Set(channelModules.map(moduleKey));
  const keepFirst = (p: string) =>
    bootFileOf(p) !== null ||
    p.endsWith("/modules.builtin") ||
    (MODULE_FILE.test(p) && (wanted.has(moduleNameOf(p)) || p.includes("/drivers/virtio/")));
  const { files, modulePaths } = await collect(debs, keepFirst);
  const boot = (kind: string) => [...files].find(([p]) => bootFileOf(p)?.kind === kind);
  const vmlinuz = boot("vmlinuz") ?? boot("vmlinux");
  if (!vmlinuz)
    throw new LabError("IMAGE_BUILD_FAILED", `${what} holds no boot/vmlinuz-*`, { where: { file: what } });
  const release = bootFileOf(vmlinuz[0])!.release;
  const builtin = builtinNames(files);
  const infos = new Map<string, KernelModule>();
  const pathData = async (name: string) => {
    const path = modulePaths.get(name)!;
    let data = files.get(path);
    if (!data) {
      const more = await collect(debs, (p) => p === path);
      data = more.files.get(path);
    }
    if (!data)
      throw new LabError("IMAGE_BUILD_FAILED", `${what}: cannot read ${path}`, { where: { file: what } });
    return decompress(data, path);
  };
  const queue = [...wanted].filter((n) => modulePaths.has(n) && !builtin.has(n));
  while (queue.length > 0) {
    const name = queue.shift()!;
    if (infos.has(name)) continue;
    const data = await pathData(name);
    const depends = readModInfo(data, name).depends.filter((d) => !builtin.has(d));
    const unknown = depends.filter((d) => !modulePaths.has(d));
    if (unknown.length) {
      throw new LabError(
        "IMAGE_BUILD_FAILED",
        `${what}: module ${name} needs ${unknown.join(", ")}, which the package lacks`,
        {
          where: { file: what, value: name },
        },
      );
    }
    infos.set(name, { name, data, depends });
    queue.push(...depends);
  }
  const order = loadOrder([...infos.keys()].sort(), (n) => infos.get(n)?.depends ?? []);
  return {
    release,
    vmlinuz: vmlinuz[1],
    config: boot("config")?.[1] ?? null,
    systemMap: boot("System.map")?.[1] ?? null,
    modules: order.map((n) => infos.get(n)!),
    builtin: [...wanted].filter((n) => builtin.has(n)).sort(),
    absent: [...wanted].filter((n) => !builtin.has(n) && !modulePaths.has(n)).sort(),
  };
}
