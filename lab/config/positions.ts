/** Where each value of a checked document came from, looked up by its path (`programs.0.id`). */
import type { SourcePos } from "./issues.js";

export type Path = ReadonlyArray<string | number>;

export function pathKey(path: Path): string {
  return path.map(String).join("\u001f");
}

/** `programs[0].log_level`, or `the top level` for the empty path. */
export function formatPath(path: Path): string {
  if (path.length === 0) return "the top level";
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(part)) out += out === "" ? part : `.${part}`;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}

export class Positions {
  private readonly values = new Map<string, SourcePos>();
  private readonly keys = new Map<string, SourcePos>();

  constructor(readonly root: SourcePos) {}

  setValue(path: Path, pos: SourcePos): void {
    this.values.set(pathKey(path), pos);
  }

  setKey(path: Path, pos: SourcePos): void {
    this.keys.set(pathKey(path), pos);
  }

  /** the value's position, or the nearest ancestor's when the value was not written */
  of(path: Path): SourcePos {
    for (let n = path.length; n >= 0; n--) {
      const found = this.values.get(pathKey(path.slice(0, n)));
      if (found) return found;
    }
    return this.root;
  }

  /** the key's position (`log_level:`), falling back to the value's */
  keyOf(path: Path): SourcePos {
    return this.keys.get(pathKey(path)) ?? this.of(path);
  }
}
