/** The shape check of one scalar: null, boolean, integer (with bounds) or string (enum, pattern, number-as-text). */
import { isScalar, type Node, type Scalar } from "yaml";
import { didYouMean } from "./did-you-mean.js";
import type { SourcePos } from "./issues.js";
import { formatPath, type Path } from "./positions.js";
import { describeSchema, describeValue } from "./schema/describe.js";
import type { Schema } from "./schema/dsl.js";
import { type Context, INVALID, wrongType } from "./shape-context.js";

export function checkScalar(
  node: Node | null | undefined,
  schema: Schema,
  path: Path,
  ctx: Context,
  pos: SourcePos,
): unknown {
  if (node !== null && node !== undefined && !isScalar(node)) return wrongType(node, schema, path, ctx, pos);
  const scalar = node as Scalar | null | undefined;
  let value: unknown = scalar ? scalar.value : null;
  switch (schema.type) {
    case "null":
      return value === null ? null : wrongType(node, schema, path, ctx, pos);
    case "boolean":
      return typeof value === "boolean" ? value : wrongType(node, schema, path, ctx, pos);
    case "integer":
      if (typeof value !== "number" || !Number.isSafeInteger(value))
        return wrongType(node, schema, path, ctx, pos);
      if (
        (schema.min !== undefined && value < schema.min) ||
        (schema.max !== undefined && value > schema.max)
      ) {
        return wrongType(node, schema, path, ctx, pos);
      }
      return value;
    case "string":
      if (schema.numberAsText && typeof value === "number" && scalar?.type === "PLAIN" && scalar.range) {
        value = ctx.yaml.text.slice(scalar.range[0], scalar.range[1]).trim();
      }
      if (typeof value !== "string") return wrongType(node, schema, path, ctx, pos);
      if (schema.enum && !schema.enum.includes(value)) {
        const alias = schema.aliases?.[value];
        const hint = alias ? ` (did you mean "${alias}"?)` : didYouMean(value, schema.enum);
        ctx.issues.add(
          pos,
          `${formatPath(path)}: expected ${describeSchema(schema)}, got ${describeValue(value)}${hint}`,
        );
        return INVALID;
      }
      if (schema.pattern && !schema.pattern.test(value)) return wrongType(node, schema, path, ctx, pos);
      return value;
    default:
      return wrongType(node, schema, path, ctx, pos);
  }
}

/** any value as plain data, aliases resolved, within the same size and depth limits */
