/** Reading a VM's kept console log: its last lines, for error messages that point at the file. */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";

const TAIL_BYTES = 16 * 1024;

/** The last `count` non-empty lines of the log (ANSI escapes and agent frames left out). */
export function consoleTail(path: string, count = 20): string[] {
  let text: string;
  try {
    const fd = openSync(path, "r");
    try {
      const size = fstatSync(fd).size;
      const length = Math.min(size, TAIL_BYTES);
      const buffer = Buffer.alloc(length);
      readSync(fd, buffer, 0, length, size - length);
      text = buffer.toString("utf8");
    } finally {
      closeSync(fd);
    }
  } catch {
    return [];
  }
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "").replace(/\x1eLAB1 [^\n]*/g, ""))
    .filter((line) => line.trim() !== "")
    .slice(-count);
}

/** "<message>\n  console (last lines of PATH):\n  | ..." */
export function withConsoleTail(message: string, path: string, count = 20): string {
  const lines = consoleTail(path, count);
  const head = `${message}\nconsole log: ${path}`;
  if (lines.length === 0) return `${head} (empty)`;
  return `${head} (last ${lines.length} lines):\n${lines.map((line) => `  | ${line}`).join("\n")}`;
}
