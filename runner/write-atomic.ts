/** Files the CLI leaves behind are never half-written: a temp file in the same folder, then rename. */
import { renameSync, writeFileSync } from "node:fs";

export function writeFileAtomic(path: string, text: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}
