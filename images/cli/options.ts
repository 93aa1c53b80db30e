/** The image options a CLI command runs with: the nearest lab.yaml (if any) and `--refresh`. */
import { findLabConfig, loadConfigFile } from "../../lab/config/load.js";
import type { ImageOptions } from "../resolve.js";

export function imageOptionsFromCli(cwd: string, extra: ImageOptions = {}): ImageOptions {
  const file = findLabConfig(cwd);
  const lab = file ? loadConfigFile(file) : undefined;
  return { ...(lab ? { lab } : {}), ...extra };
}
