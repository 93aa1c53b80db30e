/** A one-line download progress bar: `name  12.3/26.5 MB [######......]  46%`. */
import { basename } from "node:path";
import type { Progress } from "../download/download.js";

export function formatProgress(progress: Progress, width = 24): string {
  const mb = (n: number) => (n / 1e6).toFixed(1);
  const name = basename(progress.url);
  if (!progress.total) return `${name}  ${mb(progress.done)} MB`;
  const fraction = Math.min(1, progress.done / progress.total);
  const filled = Math.round(fraction * width);
  const bar = `${"#".repeat(filled)}${".".repeat(width - filled)}`;
  return `${name}  ${mb(progress.done)}/${mb(progress.total)} MB [${bar}] ${String(Math.round(fraction * 100)).padStart(3)}%`;
}
