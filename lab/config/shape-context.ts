/** What the shape check's parts share: the context, the INVALID marker, and node helpers. */
import { isAlias, isMap, isScalar, isSeq, type Node } from "yaml";
import type { Issues, SourcePos } from "./issues.js";
import type { ParsedYaml } from "./parse.js";
import { formatPath, type Path, type Positions } from "./positions.js";
import { describeSchema, describeValue } from "./schema/describe.js";
import type { Schema } from "./schema/dsl.js";

export const INVALID = Symbol("invalid");

export interface Context {
  yaml: ParsedYaml;
  issues: Issues;
  positions: Positions;
  budget: { nodes: number; exhausted: boolean };
}

export function wrongType(
  node: Node | null | undefined,
  schema: Schema,
  path: Path,
  ctx: Context,
  pos: SourcePos,
): typeof INVALID {
  ctx.issues.add(pos, `${formatPath(path)}: expected ${describeSchema(schema)}, got ${describeNode(node)}`);
  return INVALID;
}

export function describeNode(node: Node | null | undefined): string {
  if (node === null || node === undefined) return "nothing (null)";
  if (isMap(node)) return "a mapping";
  if (isSeq(node)) return "a list";
  if (isAlias(node)) return `the alias *${node.source}`;
  if (isScalar(node)) return describeValue(node.value);
  return "an unknown YAML node";
}

export function scalarKey(node: Node | null | undefined): string | undefined {
  if (!isScalar(node)) return undefined;
  const value = node.value;
  if (typeof value === "string") return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return undefined;
}

export function kindFits(node: Node | null | undefined, schema: Schema): boolean {
  if (isMap(node)) return schema.type === "object" || schema.type === "record" || schema.type === "tagged";
  if (isSeq(node)) return schema.type === "list";
  const value = isScalar(node) ? node.value : null;
  switch (typeof value) {
    case "string":
      return schema.type === "string";
    case "number":
      return schema.type === "integer" || (schema.type === "string" && schema.numberAsText === true);
    case "boolean":
      return schema.type === "boolean";
    default:
      return value === null && schema.type === "null";
  }
}
