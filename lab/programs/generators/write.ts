/**
 * Writing a generated program to a file without ever leaving it half-written: the bytes go to a
 * temporary file in the same directory, which is then renamed over the target.
 */
import { randomBytes } from "node:crypto";
import { rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { LabError } from "../../errors.js";

export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  try {
    await writeFile(temp, data);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw new LabError("LAB_OUTPUT_FAILED", `cannot write ${path}: ${(error as Error).message}`, {
      where: { file: path },
      cause: error,
    });
  }
}
