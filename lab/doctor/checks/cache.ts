/** The image cache: the directory the images and QEMU code really use ($LAB_CACHE, ...), and its size. */
import { accessSync, constants, existsSync } from "node:fs";
import { cacheRoot } from "../../../images/cache/paths.js";
import { directorySize, formatBytes } from "../probe.js";
import type { DoctorContext } from "../types.js";
import { type Check, missing, ok, warn } from "../types.js";

/** the cache the lab's code uses: $LAB_CACHE, else $XDG_CACHE_HOME/lab, else ~/.cache/lab */
export function cacheDirOf(context: Pick<DoctorContext, "env">): string {
  return cacheRoot(context.env);
}

export const cacheCheck: Check = {
  id: "cache",
  title: "image cache",
  run: (context) => {
    const dir = cacheDirOf(context);
    const how =
      "$LAB_CACHE, else $XDG_CACHE_HOME/lab, else ~/.cache/lab (images/cache/paths.ts); file sizes summed";
    const configured = context.lab?.defaults.cacheDir;
    if (configured && configured !== dir && !context.env.LAB_CACHE) {
      return warn(
        `lab.yaml names ${configured}, but the lab's code uses ${dir}`,
        how,
        `export LAB_CACHE=${configured}`,
      );
    }
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
