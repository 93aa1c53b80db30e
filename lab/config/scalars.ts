/**
 * The small languages inside config values: ranges (`1..64`, `1..64:8`), sizes (`8192`, `64k`,
 * `8M`), kernel versions (`5.15.127`) and version or number comparisons (`>=6.4`, `>=5.15 <6.4`).
 * Each parser returns null for text it does not understand; the caller reports it with a position.
 */

export interface IntRange {
  from: number;
  to: number;
  step: number;
}

export const RANGE_PATTERN = /^\s*(-?\d+)\s*\.\.\s*(-?\d+)\s*(?::\s*(\d+))?\s*$/;

export function parseRange(text: string): IntRange | null {
  const m = RANGE_PATTERN.exec(text);
  if (!m) return null;
  const range = { from: Number(m[1]), to: Number(m[2]), step: m[3] === undefined ? 1 : Number(m[3]) };
  if (range.step < 1 || range.to < range.from || !Number.isSafeInteger(range.to)) return null;
  return range;
}

export function rangeLength(range: IntRange): number {
  return Math.floor((range.to - range.from) / range.step) + 1;
}

export function expandRange(range: IntRange): number[] {
  const out: number[] = [];
  for (let v = range.from; v <= range.to; v += range.step) out.push(v);
  return out;
}

const SIZE_UNITS: Record<string, number> = { "": 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };
export const SIZE_PATTERN = /^\s*(\d+)\s*([kKmMgG]?)(?:i?B)?\s*$/;

/** bytes from `8192`, `64k`, `8M`, `1GiB` (k/M/G are powers of 1024); null when not a size */
export function parseSize(value: number | string): number | null {
  if (typeof value === "number") return Number.isSafeInteger(value) && value >= 0 ? value : null;
  const m = SIZE_PATTERN.exec(value);
  if (!m) return null;
  const bytes = Number(m[1]) * SIZE_UNITS[m[2]!.toLowerCase()]!;
  return Number.isSafeInteger(bytes) ? bytes : null;
}

/** [5, 15, 127] from `5.15.127` or from a release such as `5.15.127-amd64`; null if none */
export function parseVersion(text: string): number[] | null {
  const m = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(text.trim());
  if (!m) return null;
  return [m[1], m[2], m[3]].filter((part) => part !== undefined).map(Number);
}

/** compares the parts both versions have: `6.1` equals `6.1.170` (a line covers its releases) */
export function compareVersions(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

export type Op = "=" | "!=" | ">=" | ">" | "<=" | "<";
export interface Comparison<T> {
  op: Op;
  value: T;
}

/** `>=5.15 <6.4` -> comparisons on versions (all must hold); null when any part is not a version */
export function parseVersionComparisons(text: string): Comparison<number[]>[] | null {
  return parseComparisons(text, (part) => (/^\d+(\.\d+){0,2}$/.test(part) ? parseVersion(part) : null));
}

/** `>=23`, `<8`, `!=3`, `>=8 <=32`, or a range `20..30` -> comparisons on numbers; null if not */
export function parseNumberComparisons(text: string): Comparison<number>[] | null {
  const range = parseRange(text);
  if (range) {
    return range.step === 1
      ? [
          { op: ">=", value: range.from },
          { op: "<=", value: range.to },
        ]
      : null;
  }
  return parseComparisons(text, (part) => (/^-?\d+$/.test(part) ? Number(part) : null));
}

function parseComparisons<T>(text: string, parseValue: (part: string) => T | null): Comparison<T>[] | null {
  const token = /\s*(>=|<=|!=|==|=|>|<)?\s*([^\s<>=!]+)\s*/y;
  const out: Comparison<T>[] = [];
  for (let at = 0; at < text.length; ) {
    token.lastIndex = at;
    const m = token.exec(text);
    if (!m) return null;
    at = token.lastIndex;
    const value = parseValue(m[2]!);
    if (value === null) return null;
    out.push({ op: (m[1] === "==" ? "=" : (m[1] ?? "=")) as Op, value });
  }
  return out.length > 0 ? out : null;
}

export function holds(op: Op, order: number): boolean {
  switch (op) {
    case "=":
      return order === 0;
    case "!=":
      return order !== 0;
    case ">=":
      return order >= 0;
    case ">":
      return order > 0;
    case "<=":
      return order <= 0;
    case "<":
      return order < 0;
  }
}
