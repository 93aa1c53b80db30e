/** The image cache: where it is ($LAB_CACHE, lab.yaml, ~/.cache/lab) and how big. */
import { accessSync, constants, existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { directorySize, formatBytes } from "../probe.js";
import type { DoctorContext } from "../types.js";
import { type Check, missing, ok } from "../types.js";

/** $LAB_CACHE, else lab.yaml's defaults.cache_dir, else ~/.cache/lab */
export function cacheDirOf(context: Pick<DoctorContext, "env" | "lab">): { dir: string; from: string } {
  if (context.env.LAB_CACHE) return { dir: context.env.LAB_CACHE, from: "$LAB_CACHE" };
  if (context.lab?.defaults.cacheDir) return { dir: context.lab.defaults.cacheDir, from: "lab.yaml" };
  return { dir: join(context.env.HOME ?? homedir(), ".cache", "lab"), from: "default" };
}

export const cacheCheck: Check = {
  id: "cache",
  title: "image cache",
  run: (context) => {
    const { dir, from } = cacheDirOf(context);
    const how = `${from}; sizes summed over the files under it`;
    if (!existsSync(dir)) return ok(`${dir} (not created yet)`, how);
    try {
      accessSync(dir, constants.W_OK);
    } catch {
      return missing(`${dir} is not writable`, how, `chown it, or set LAB_CACHE to a writable directory`);
    }
    const size = directorySize(dir);
    return ok(`${dir}: ${formatBytes(size.bytes)} in ${size.files}${size.truncated ? "+" : ""} files`, how);
  },
};
