/**
 * The real Debian kernel source for tests: linux-source-<line> fetched and verified through the
 * lab's archive client into the cache (once per machine), or a skip reason when the archive, dpkg
 * or the toolchain is unavailable.
 */
import { execaSync } from "execa";
import { sourceTree } from "../../../images/build/source.js";
import { cacheDirs } from "../../../images/cache/paths.js";
import { resolveArchiveConfig } from "../../../images/debian/suites.js";

export interface RealSource {
  tree?: string;
  key?: string;
  description?: string;
  skip: string | false;
}

function have(tool: string): boolean {
  try {
    execaSync(tool, ["--version"]);
    return true;
  } catch {
    return false;
  }
}

export async function realSourceTree(line: string): Promise<RealSource> {
  for (const tool of ["make", "gcc", "flex", "bison", "bc", "patch", "dpkg-deb"]) {
    if (!have(tool)) return { skip: `${tool} is not installed` };
  }
  try {
    const recipe = {
      id: `test-src-${line}`,
      arch: "x86_64" as const,
      description: "",
      where: { file: "", line: 0, col: 0 },
      config: { base: "tinyconfig" as const, debianImage: null, fragments: [] },
      patches: [],
      revert: [],
      source: "debian-src" as const,
      version: line,
    };
    const tree = await sourceTree(cacheDirs(), recipe, { archive: resolveArchiveConfig({}) });
    return { tree: tree.tree, key: tree.key, description: tree.description, skip: false };
  } catch (error) {
    return { skip: `linux-source-${line} unavailable: ${(error as Error).message}` };
  }
}
