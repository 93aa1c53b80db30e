/** `lab doctor` on one screen: a status, a title and what was found per line; the fix under what is not ok. */
import type { CheckResult, CheckStatus } from "./types.js";

export interface Painter {
  paint(style: "red" | "green" | "yellow" | "dim" | "bold", text: string): string;
}

const STYLE: Record<CheckStatus, "green" | "yellow" | "red"> = {
  ok: "green",
  warn: "yellow",
  missing: "red",
};

export function renderDoctor(results: readonly CheckResult[], painter: Painter, width = 110): string[] {
  const titleWidth = Math.max(...results.map((r) => r.title.length));
  const lines = [painter.paint("bold", "lab doctor: what this machine can do for the lab")];
  for (const r of results) {
    const status = painter.paint(STYLE[r.status], r.status.padEnd(7));
    const indent = " ".repeat(titleWidth + 12);
    const [first, ...more] = wrap(r.detail, Math.max(30, width - indent.length));
    lines.push(`  ${status} ${r.title.padEnd(titleWidth)}  ${first}`);
    for (const line of more) lines.push(`${indent}${line}`);
    if (r.fix) lines.push(`${indent}${painter.paint("dim", `fix: ${r.fix}`)}`);
  }
  const count = (s: CheckStatus) => results.filter((r) => r.status === s).length;
  lines.push(
    `${count("ok")} ok, ${count("warn")} warnings, ${count("missing")} missing${count("missing") + count("warn") ? "; `lab doctor --json` has every detail and how it was checked" : ""}`,
  );
  return lines;
}

/** breaks text at "; " and spaces so that no line is wider than `width` (a long word stays whole) */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const part of text.split("; ")) {
    let line = "";
    for (const word of part.split(" ")) {
      if (line && line.length + 1 + word.length > width) {
        lines.push(line);
        line = `  ${word}`;
      } else line = line ? `${line} ${word}` : word;
    }
    lines.push(line);
  }
  return lines;
}
