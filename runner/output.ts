/**
 * How the CLI talks: plain text (coloured only on a TTY without NO_COLOR), or exactly one JSON
 * object on stdout with --json. Progress goes to stderr and only on a TTY.
 */
export interface OutputOptions {
  json: boolean;
  color?: boolean;
  debug?: boolean;
}

export interface Output {
  readonly json: boolean;
  readonly color: boolean;
  readonly debug: boolean;
  /** a line of human text on stdout (ignored in --json mode) */
  line(text?: string): void;
  /** the one JSON result (only in --json mode) */
  result(value: unknown): void;
  /** a transient progress line on stderr, only on a TTY and never in --json mode */
  progress(text: string): void;
  /** a note on stderr (warnings); suppressed in --json mode */
  note(text: string): void;
  paint(style: Style, text: string): string;
}

export type Style = "red" | "green" | "yellow" | "dim" | "bold" | "cyan";

const CODES: Record<Style, [number, number]> = {
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  cyan: [36, 39],
  dim: [2, 22],
  bold: [1, 22],
};

export function colorWanted(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "0") return true;
  return Boolean(stream.isTTY);
}

export function createOutput(options: OutputOptions): Output {
  const color = options.color ?? colorWanted(process.stdout);
  const progressOn = !options.json && Boolean(process.stderr.isTTY);
  let progressShown = false;
  const clearProgress = () => {
    if (progressShown) {
      process.stderr.write("\r\x1b[2K");
      progressShown = false;
    }
  };
  return {
    json: options.json,
    color,
    debug: options.debug ?? false,
    line(text = "") {
      if (options.json) return;
      clearProgress();
      process.stdout.write(`${text}\n`);
    },
    result(value) {
      process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
    },
    progress(text) {
      if (!progressOn) return;
      const width = process.stderr.columns ?? 100;
      process.stderr.write(`\r\x1b[2K${text.slice(0, width - 1)}`);
      progressShown = true;
    },
    note(text) {
      if (options.json) return;
      clearProgress();
      process.stderr.write(`${text}\n`);
    },
    paint(style, text) {
      if (!color) return text;
      const [on, off] = CODES[style];
      return `\x1b[${on}m${text}\x1b[${off}m`;
    },
  };
}
