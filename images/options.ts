/**
 * The image options used when the caller gives none (the CLI, the QEMU backend): the nearest
 * lab.yaml (its images, archive and cache folder) and, above it, the environment: LAB_DEBIAN_ARCHIVE, LAB_DEBIAN_SECURITY and
 * LAB_DEBIAN_KEYRINGS (colon-separated keyring files) for a mirror or a private archive, and
 * LAB_AGENT (a static agent binary to put in the initramfs, or `none`).
 */
import { findLabConfig, loadConfigFile } from "../lab/config/load.js";
import type { ArchiveOverride } from "./debian/suites.js";
import type { ImageOptions } from "./resolve.js";

export function archiveFromEnv(env: NodeJS.ProcessEnv): ArchiveOverride {
  const override: ArchiveOverride = {};
  if (env.LAB_DEBIAN_ARCHIVE) override.archive = env.LAB_DEBIAN_ARCHIVE;
  if (env.LAB_DEBIAN_SECURITY) override.security = env.LAB_DEBIAN_SECURITY;
  if (env.LAB_DEBIAN_KEYRINGS) override.keyrings = env.LAB_DEBIAN_KEYRINGS.split(":").filter(Boolean);
  return override;
}

export function defaultImageOptions(cwd: string, extra: ImageOptions = {}, env = process.env): ImageOptions {
  const file = findLabConfig(cwd);
  const lab = file ? loadConfigFile(file) : undefined;
  const agent = env.LAB_AGENT ? { agentPath: env.LAB_AGENT === "none" ? null : env.LAB_AGENT } : {};
  const given = Object.fromEntries(Object.entries(extra).filter(([, value]) => value !== undefined));
  return { ...(lab ? { lab } : {}), archive: archiveFromEnv(env), ...agent, ...given };
}
