/** What the normalize and rule stages share: the file, positions from the shape check, the issue list. */
import { resolve } from "node:path";
import type { Issues, SourcePos } from "./issues.js";
import { formatPath, type Path, type Positions } from "./positions.js";

export interface Stage {
  /** the file as the user named it (messages) */
  file: string;
  /** the directory relative paths are taken from (absolute) */
  dir: string;
  positions: Positions;
  issues: Issues;
  /** checks that a referenced file exists; absent in pure validation (no file system) */
  fileExists?: ((path: string) => boolean) | undefined;
}

/** reports a problem at the value of `path` (or at its key with `{ key: true }`) */
export function report(stage: Stage, path: Path, message: string, options: { key?: boolean } = {}): void {
  const pos = options.key ? stage.positions.keyOf(path) : stage.positions.of(path);
  stage.issues.add(pos, `${formatPath(path)}: ${message}`);
}

export function posOf(stage: Stage, path: Path): SourcePos {
  return stage.positions.of(path);
}

/** an absolute path for a path written relative to the config file */
export function resolvePath(stage: Stage, written: string): string {
  const home = process.env.HOME ?? "/";
  const expanded = written === "~" ? home : written.startsWith("~/") ? `${home}${written.slice(1)}` : written;
  return resolve(stage.dir, expanded);
}

/** reports a missing file when the stage can look */
export function checkFileExists(stage: Stage, path: Path, absolute: string, what: string): void {
  if (stage.fileExists && !stage.fileExists(absolute)) report(stage, path, `${what} not found: ${absolute}`);
}

/** reports every id used twice; returns the ids seen */
export function checkUniqueIds(
  stage: Stage,
  entries: ReadonlyArray<{ id: string }>,
  listPath: Path,
  what: string,
): Set<string> {
  const first = new Map<string, number>();
  entries.forEach((entry, index) => {
    const earlier = first.get(entry.id);
    if (earlier === undefined) first.set(entry.id, index);
    else {
      const at = stage.positions.of([...listPath, earlier, "id"]);
      report(
        stage,
        [...listPath, index, "id"],
        `duplicate ${what} id "${entry.id}" (first at line ${at.line}:${at.col})`,
      );
    }
  });
  return new Set(first.keys());
}
