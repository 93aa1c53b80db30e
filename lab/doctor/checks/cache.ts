/** The image cache: the directory the images and QEMU code really use ($LAB_CACHE, ...), and its size. */
import { accessSync, constants, existsSync } from "node:fs";
import { cacheRoot } from "../../../images/cache/paths.js";
import { directorySize, formatBytes } from "../probe.js";
import type { DoctorContext } from "../types.js";
import { type Check, missing, ok } from "../types.js";

/**
 * The image cache as images/resolve.ts (cacheDirsFor) picks it: $LAB_CACHE, else lab.yaml's
 * defaults.cache_dir, else $XDG_CACHE_HOME/lab, else ~/.cache/lab. (That function creates the
 * folders; doctor only looks.)
 */
export function cacheDirOf(context: Pick<DoctorContext, "env" | "lab">): string {
  return context.env.LAB_CACHE || context.lab?.defaults.cacheDir || cacheRoot(context.env);
}

export const cacheCheck: Check = {
  id: "cache",
  title: "image cache",
  run: (context) => {
    const dir = cacheDirOf(context);
    const how =
      "$LAB_CACHE, else lab.yaml defaults.cache_dir, else $XDG_CACHE_HOME/lab or ~/.cache/lab; file sizes summed";
    if (!existsSync(dir)) return ok(`${dir} (not created yet)`, how);
    try {
      accessSync(dir, constants.W_OK);
    } catch {
      return missing(`${dir} is not writable`, how, "chown it, or set LAB_CACHE to a writable directory");
    }
    const size = directorySize(dir);
    return ok(`${dir}: ${formatBytes(size.bytes)} in ${size.files}${size.truncated ? "+" : ""} files`, how);
  },
};
