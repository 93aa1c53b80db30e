/**
 * Files out of a (verified) .deb: `dpkg-deb --fsys-tarfile` streams its data archive and the
 * lab's tar reader keeps the members asked for. Paths come back without their leading `./`.
 */
import { spawn } from "node:child_process";
import { LabError } from "../../lab/errors.js";
import { readTar, type TarEntry } from "./tar.js";

export function normalizeMember(path: string): string {
  return path.replace(/^\.\//, "").replace(/^\/+/, "");
}

export async function readDebMembers(deb: string, keep: (path: string) => boolean): Promise<TarEntry[]> {
  const child = spawn("dpkg-deb", ["--fsys-tarfile", deb], { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) => resolve(code));
  });
  let entries: TarEntry[];
  try {
    entries = await readTar(child.stdout, (p) => keep(normalizeMember(p)), deb);
  } finally {
    child.stdout.resume();
  }
  const code = await exited.catch((error: Error) => {
    throw new LabError("IMAGE_BUILD_FAILED", `cannot run dpkg-deb: ${error.message}`, {
      where: { file: deb },
    });
  });
  if (code !== 0) {
    throw new LabError(
      "IMAGE_BUILD_FAILED",
      `dpkg-deb --fsys-tarfile ${deb} failed (${code}): ${stderr.trim()}`,
      {
        where: { file: deb },
      },
    );
  }
  return entries.map((e) => ({ ...e, path: normalizeMember(e.path) }));
}
