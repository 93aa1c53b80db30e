/**
 * Problems found in a config file, each with the FILE:LINE:COL of the offending node. The pipeline
 * collects all of them and throws one ConfigError: the first problem is its `where`, and the
 * message lists every problem.
 */
import { LabError } from "../errors.js";

export interface SourcePos {
  file: string;
  line: number;
  col: number;
}

export interface ConfigIssue extends SourcePos {
  message: string;
}

export function formatPos(pos: SourcePos): string {
  return `${pos.file}:${pos.line}:${pos.col}`;
}

export function formatIssue(issue: ConfigIssue): string {
  return `${formatPos(issue)}: ${issue.message}`;
}

/** how many problems the message lists (all of them stay in `issues`) */
const MAX_LISTED = 50;

/** LAB_CONFIG_INVALID carrying every problem found; `where` is the first one's position. */
export class ConfigError extends LabError {
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[]) {
    const [first, ...rest] = sortIssues(issues);
    if (!first) throw new Error("ConfigError needs at least one issue");
    const shown = rest.slice(0, MAX_LISTED).map((i) => `  ${formatIssue(i)}`);
    if (rest.length > MAX_LISTED) shown.push(`  ... and ${rest.length - MAX_LISTED} more`);
    const more = rest.length === 0 ? "" : `\n${rest.length} more problem(s):\n${shown.join("\n")}`;
    super("LAB_CONFIG_INVALID", `${first.message}${more}`, {
      where: { file: first.file, line: first.line, col: first.col },
      hint: "`lab validate FILE` checks a file alone; scenarios/README.md describes every key",
    });
    this.name = "ConfigError";
    this.issues = [first, ...rest];
  }
}

export function sortIssues(issues: readonly ConfigIssue[]): ConfigIssue[] {
  const seen = new Set<string>();
  const unique = issues.filter((i) => {
    const key = formatIssue(i);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique.sort((a, b) => a.line - b.line || a.col - b.col);
}

/** Collects issues; `throwIfAny` ends a stage that found some. */
export class Issues {
  readonly list: ConfigIssue[] = [];

  add(pos: SourcePos, message: string): void {
    this.list.push({ file: pos.file, line: pos.line, col: pos.col, message });
  }

  get count(): number {
    return this.list.length;
  }

  throwIfAny(): void {
    if (this.list.length > 0) throw new ConfigError(this.list);
  }
}
