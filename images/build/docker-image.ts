/**
 * The Docker builder's image: there is no container registry here, so it is made locally, once: a
 * Debian rootfs by `debootstrap` (from the archive the apt sources name) holding the kernel build
 * dependencies, imported with `docker import` as `lab-kbuild:<hash of suite and packages>`.
 */
import { createReadStream, existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import type Docker from "dockerode";
import { execa } from "execa";
import { LabError } from "../../lab/errors.js";
import { withLock } from "../cache/lock.js";
import type { CacheDirs } from "../cache/paths.js";
import type { ArchiveConfig } from "../debian/suites.js";
import { sha256Of } from "./patches.js";

export const BUILDER_SUITE = "bookworm";
export const BUILDER_PACKAGES = [
  "build-essential",
  "bc",
  "flex",
  "bison",
  "libelf-dev",
  "libssl-dev",
  "perl",
  "python3",
  "cpio",
  "kmod",
  "gcc-aarch64-linux-gnu",
  "libc6-dev-arm64-cross",
];

export function builderTag(): string {
  return `lab-kbuild:${sha256Of([BUILDER_SUITE, ...BUILDER_PACKAGES].join("\n")).slice(0, 16)}`;
}

async function hasImage(docker: Docker, tag: string): Promise<boolean> {
  try {
    await docker.getImage(tag).inspect();
    return true;
  } catch {
    return false;
  }
}

/** The builder image's tag, made first when Docker lacks it (debootstrap + docker import). */
export async function ensureBuilderImage(
  docker: Docker,
  dirs: CacheDirs,
  archive: ArchiveConfig,
  say: (text: string) => void = () => {},
): Promise<string> {
  const tag = builderTag();
  if (await hasImage(docker, tag)) return tag;
  return withLock(dirs.locks, "build-docker-image", async () => {
    if (await hasImage(docker, tag)) return tag;
    const root = join(dirs.root, "build", `rootfs-${process.pid}`);
    const tarball = `${root}.tar`;
    rmSync(root, { recursive: true, force: true });
    try {
      say(`debootstrap ${BUILDER_SUITE} with ${BUILDER_PACKAGES.length} packages`);
      const args = [
        "--variant=minbase",
        `--include=${BUILDER_PACKAGES.join(",")}`,
        BUILDER_SUITE,
        root,
        archive.archive,
      ];
      const run = await execa("debootstrap", args, { reject: false, all: true });
      if (run.exitCode !== 0 || !existsSync(join(root, "usr", "bin", "make"))) {
        throw new LabError(
          "IMAGE_TOOLCHAIN_MISSING",
          `debootstrap of the builder rootfs failed (exit ${run.exitCode})`,
          {
            where: { value: tag },
            hint: String(run.all ?? "")
              .split("\n")
              .slice(-6)
              .join("\n"),
          },
        );
      }
      say(`docker import ${tag}`);
      await execa("tar", ["-C", root, "-cf", tarball, "."]);
      const [repo, version] = tag.split(":");
      const stream = await docker.importImage(createReadStream(tarball) as never, { repo, tag: version });
      await new Promise((resolve, reject) =>
        docker.modem.followProgress(stream, (e) => (e ? reject(e) : resolve(null))),
      );
      return tag;
    } finally {
      rmSync(root, { recursive: true, force: true });
      rmSync(tarball, { force: true });
    }
  });
}
