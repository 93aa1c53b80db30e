/** Step 1 of the pipeline: YAML text -> a parsed document that remembers every node's position. */
import { type Document, LineCounter, type Node, parseDocument } from "yaml";
import type { Issues, SourcePos } from "./issues.js";

export interface ParsedYaml {
  file: string;
  text: string;
  doc: Document.Parsed;
  /** the position of a byte offset in the text */
  posAt(offset: number): SourcePos;
  /** the position of a node (its first character), or of the document start */
  posOf(node: Node | null | undefined): SourcePos;
}

export function parseYaml(text: string, file: string, issues: Issues): ParsedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
    merge: false,
    strict: true,
    version: "1.2",
  });
  const posAt = (offset: number): SourcePos => {
    const clamped = Math.max(0, Math.min(offset, text.length));
    const { line, col } = lineCounter.linePos(clamped);
    return { file, line, col };
  };
  const posOf = (node: Node | null | undefined): SourcePos => posAt(node?.range?.[0] ?? 0);
  for (const problem of [...doc.errors, ...doc.warnings]) {
    issues.add(posAt(problem.pos[0]), `YAML: ${firstLine(problem.message)}`);
  }
  return { file, text, doc, posAt, posOf };
}

function firstLine(message: string): string {
  return message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
}
