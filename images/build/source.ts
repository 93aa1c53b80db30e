/**
 * A recipe's kernel source as a tree under `$LAB_CACHE/build/src/<key>/tree`:
 * - debian-src: `linux-source-<line>` from the verified indexes (newest version), downloaded and
 *   checked with the lab's archive client; the tree is the .tar.xz the package holds.
 * - kernel.org: a tarball by version. The host is probed with a short timeout; when it cannot be
 *   reached (these machines) IMAGE_SOURCE_UNREACHABLE says how to give the lab a tarball. A given
 *   tarball (`--tarball PATH` or the recipe's `tarball:`) is checked against the recipe's sha256.
 * - path: a local tree, used where it is (the build output goes to the cache, `O=`).
 * Trees are extracted into a staging folder and renamed into place, under a lock.
 */
import { createReadStream, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { hostArch } from "../../lab/arch.js";
import type { ImageRecipe } from "../../lab/config/types.js";
import { LabError } from "../../lab/errors.js";
import { withLock } from "../cache/lock.js";
import type { CacheDirs } from "../cache/paths.js";
import { fetchPackage } from "../debian/fetch.js";
import { loadOffer, packagesNamed } from "../debian/kernels.js";
import type { ArchiveConfig } from "../debian/suites.js";
import { sha256Of } from "./patches.js";

export type SourceRecipe = Exclude<ImageRecipe, { source: "debian" }>;

export interface SourceTree {
  /** identifies the pristine source: a .deb's or tarball's SHA256, or path:<dir> */
  key: string;
  tree: string;
  /** what it is, for people: "linux-source-5.10 5.10.262-1 (bullseye-security)" */
  description: string;
  /** upstream version when known */
  version: string | null;
}

export interface SourceOptions {
  archive: ArchiveConfig;
  /** a tarball for a kernel.org recipe (wins over the recipe's) */
  tarball?: string;
  /** kernel.org base URL [LAB_KERNEL_ORG_URL, else https://cdn.kernel.org/pub/linux/kernel] */
  kernelOrgUrl?: string;
  /** how long to wait for kernel.org before saying it cannot be reached [4000] */
  probeTimeoutMs?: number;
  onProgress?: (text: string) => void;
}

export function buildDirs(dirs: CacheDirs) {
  const root = join(dirs.root, "build");
  const out = { root, src: join(root, "src"), obj: join(root, "obj"), logs: join(root, "logs") };
  for (const dir of Object.values(out)) mkdirSync(dir, { recursive: true });
  return out;
}

async function fileSha256(path: string): Promise<string> {
  const { createHash } = await import("node:crypto");
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** Runs `extract(staging)` and renames the single folder it made to src/<key>/tree. */
async function extractOnce(dirs: CacheDirs, key: string, extract: (staging: string) => Promise<void>) {
  const { src } = buildDirs(dirs);
  const final = join(src, key, "tree");
  if (existsSync(final)) return final;
  return withLock(dirs.locks, `build-src-${key}`, async () => {
    if (existsSync(final)) return final;
    const staging = join(src, `${key}.staging-${process.pid}`);
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    await extract(staging);
    const top = readdirSync(staging);
    const inner = top.length === 1 ? join(staging, top[0]!) : staging;
    mkdirSync(join(src, key), { recursive: true });
    renameSync(inner, final);
    rmSync(staging, { recursive: true, force: true });
    return final;
  });
}

/** Source packages are big (120-150 MB): a download that broke off is resumed, a few times. */
async function fetchResuming(fetchOnce: () => Promise<string>, attempts = 4): Promise<string> {
  for (let i = 1; ; i++) {
    try {
      return await fetchOnce();
    } catch (error) {
      const resumable =
        error instanceof LabError && error.code === "IMAGE_MIRROR_UNREACHABLE" && error.where?.offset;
      if (!resumable || i >= attempts) throw error;
    }
  }
}

async function debianSource(dirs: CacheDirs, line: string, options: SourceOptions): Promise<SourceTree> {
  const name = `linux-source-${line}`;
  const offer = await loadOffer(dirs, options.archive, hostArch());
  const pkg = packagesNamed(offer, name)[0];
  if (!pkg) {
    throw new LabError("IMAGE_NOT_FOUND", `no suite offers ${name}`, {
      where: { value: name },
      hint: "the Debian source lines are 5.10 (bullseye-security), 6.1 and 6.12 (bookworm)",
    });
  }
  options.onProgress?.(`fetching ${name} ${pkg.version} (${(pkg.size / 1e6).toFixed(0)} MB)`);
  const deb = await fetchResuming(() => fetchPackage(dirs, options.archive, pkg));
  const key = pkg.sha256.slice(0, 16);
  const tree = await extractOnce(dirs, key, async (staging) => {
    options.onProgress?.(`extracting ${name} ${pkg.version}`);
    const script = 'dpkg-deb --fsys-tarfile "$1" | tar -xO "./usr/src/$2.tar.xz" | tar -xJ -C "$3"';
    await execa("sh", ["-c", script, "sh", deb, name, staging]);
  });
  const version = pkg.version.replace(/-[^-]*$/, "");
  return { key, tree, description: `${name} ${pkg.version} (${pkg.suite})`, version };
}

export function kernelOrgTarballUrl(base: string, version: string): string {
  return `${base.replace(/\/$/, "")}/v${version.split(".")[0]}.x/linux-${version}.tar.xz`;
}

/** Resolves when kernel.org answers within the timeout; otherwise IMAGE_SOURCE_UNREACHABLE. */
export async function probeKernelOrg(url: string, recipeId: string, timeoutMs: number): Promise<void> {
  try {
    const response = await fetch(url, { method: "HEAD", signal: AbortSignal.timeout(timeoutMs) });
    if (response.ok) return;
    throw new Error(`HTTP ${response.status}`);
  } catch (error) {
    const why =
      error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
    throw new LabError(
      "IMAGE_SOURCE_UNREACHABLE",
      `cannot reach ${url} (${why}); this machine cannot download kernel.org tarballs: give one with --tarball PATH, or use a local tree (source: path)`,
      {
        where: { value: url },
        hint: `give the lab the tarball: \`lab images build ${recipeId} --tarball PATH\` (checked against the recipe's sha256), set \`tarball:\` in lab.yaml, or use a local tree (\`source: path\`, \`path: DIR\`)`,
      },
    );
  }
}

async function tarballSource(
  dirs: CacheDirs,
  path: string,
  pin: string | null,
  label: string,
): Promise<SourceTree> {
  if (!existsSync(path))
    throw new LabError("LAB_FILE_NOT_FOUND", `tarball ${path} does not exist`, { where: { file: path } });
  const sha = await fileSha256(path);
  if (pin && sha !== pin) {
    throw new LabError(
      "IMAGE_TARBALL_MISMATCH",
      `tarball ${path} has SHA256 ${sha}, the recipe pins ${pin}`,
      {
        where: { file: path, value: sha },
        hint: "this is not the release the recipe names (or it is damaged): get it again",
      },
    );
  }
  const tree = await extractOnce(dirs, sha.slice(0, 16), async (staging) => {
    await execa("tar", ["-xf", path, "-C", staging]);
  });
  return { key: sha.slice(0, 16), tree, description: `${label} (${path})`, version: null };
}

async function kernelOrgSource(
  dirs: CacheDirs,
  recipe: SourceRecipe & { source: "kernel.org" },
  options: SourceOptions,
) {
  const given = options.tarball ?? recipe.tarball;
  const label = `linux-${recipe.version} tarball`;
  if (given) return { ...(await tarballSource(dirs, given, recipe.sha256, label)), version: recipe.version };
  const base =
    options.kernelOrgUrl ?? process.env.LAB_KERNEL_ORG_URL ?? "https://cdn.kernel.org/pub/linux/kernel";
  const url = kernelOrgTarballUrl(base, recipe.version);
  await probeKernelOrg(url, recipe.id, options.probeTimeoutMs ?? 4000);
  if (!recipe.sha256) {
    throw new LabError(
      "LAB_CONFIG_INVALID",
      `${recipe.id}: a kernel.org recipe needs a sha256 pin to download`,
      {
        where: { value: recipe.id },
        hint: "add `sha256:` (from kernel.org's signed sha256sums.asc) to the recipe",
      },
    );
  }
  const { downloadVerified } = await import("../download/download.js");
  const blob = await downloadVerified(dirs, { url, sha256: recipe.sha256 });
  return { ...(await tarballSource(dirs, blob, recipe.sha256, label)), version: recipe.version };
}

async function pathSource(recipe: SourceRecipe & { source: "path" }): Promise<SourceTree> {
  if (!existsSync(join(recipe.path, "Makefile"))) {
    throw new LabError("LAB_FILE_NOT_FOUND", `${recipe.path} is not a kernel tree (no Makefile)`, {
      where: { file: recipe.path },
    });
  }
  return {
    key: `path-${sha256Of(recipe.path).slice(0, 16)}`,
    tree: recipe.path,
    description: `tree ${recipe.path}`,
    version: null,
  };
}

export async function sourceTree(
  dirs: CacheDirs,
  recipe: SourceRecipe,
  options: SourceOptions,
): Promise<SourceTree> {
  if (recipe.source === "debian-src") return debianSource(dirs, recipe.version, options);
  if (recipe.source === "kernel.org") return kernelOrgSource(dirs, recipe, options);
  return pathSource(recipe);
}
