/**
 * Step 2 of the pipeline: check a parsed YAML document against a declarative schema (schema/dsl.ts).
 * Unknown keys are rejected with "did you mean", wrong types name the value and the expected type,
 * and every problem carries the position of the offending node. The result is the document as
 * plain values (keys as written) plus the position of every value, for the later stages.
 */
import { isAlias, isMap, isScalar, isSeq, type Node, type YAMLMap } from "yaml";
import { didYouMean } from "./did-you-mean.js";
import { Issues, type SourcePos } from "./issues.js";
import type { ParsedYaml } from "./parse.js";
import { formatPath, type Path, Positions } from "./positions.js";
import { describeValue } from "./schema/describe.js";
import type { ListSchema, ObjectSchema, Schema, StringSchema, TaggedSchema } from "./schema/dsl.js";
import { type Context, describeNode, INVALID, kindFits, scalarKey, wrongType } from "./shape-context.js";
import { checkScalar } from "./shape-scalar.js";

type Checked = unknown;

const MAX_NODES = 200_000;
const MAX_DEPTH = 64;

export interface ShapeResult {
  /** undefined when the root itself was unusable */
  value: Record<string, unknown> | undefined;
  positions: Positions;
}

export function checkShape(yaml: ParsedYaml, root: ObjectSchema, issues: Issues): ShapeResult {
  const positions = new Positions(yaml.posAt(0));
  const ctx: Context = { yaml, issues, positions, budget: { nodes: 0, exhausted: false } };
  const contents = yaml.doc.contents as Node | null;
  const value = check(contents, root, [], ctx, 0, yaml.posAt(0));
  return { value: value === INVALID ? undefined : (value as Record<string, unknown>), positions };
}

function check(
  raw: unknown,
  schema: Schema,
  path: Path,
  ctx: Context,
  depth: number,
  at: SourcePos,
): Checked {
  if (++ctx.budget.nodes > MAX_NODES || depth > MAX_DEPTH) {
    if (!ctx.budget.exhausted) {
      ctx.budget.exhausted = true;
      ctx.issues.add(at, `${formatPath(path)}: the document is too large or nested too deeply to check`);
    }
    return INVALID;
  }
  let node = raw as Node | null | undefined;
  const pos = node?.range ? ctx.yaml.posOf(node) : at;
  if (node && isAlias(node)) {
    const target = node.resolve(ctx.yaml.doc);
    if (!target) {
      ctx.issues.add(pos, `${formatPath(path)}: alias *${node.source} names no anchor`);
      return INVALID;
    }
    node = target as Node;
  }
  ctx.positions.setValue(path, pos);
  switch (schema.type) {
    case "object":
      return checkObject(node, schema, path, ctx, depth, pos);
    case "tagged":
      return checkTagged(node, schema, path, ctx, depth, pos);
    case "record":
      if (!isMap(node)) return wrongType(node, schema, path, ctx, pos);
      return checkEntries(node, path, ctx, depth, (key) => {
        if (schema.keyPattern && !schema.keyPattern.test(key)) return `${schema.keyWords ?? "a valid key"}`;
        return schema.value;
      });
    case "list":
      return checkList(node, schema, path, ctx, depth, pos);
    case "anyOf":
      return checkAnyOf(node, schema.options, schema, path, ctx, depth, pos);
    case "any":
      return toPlain(node, path, ctx, depth, pos);
    default:
      return checkScalar(node, schema, path, ctx, pos);
  }
}

function checkObject(
  node: Node | null | undefined,
  schema: ObjectSchema,
  path: Path,
  ctx: Context,
  depth: number,
  pos: SourcePos,
): Checked {
  if (!isMap(node)) return wrongType(node, schema, path, ctx, pos);
  const out = checkEntries(node, path, ctx, depth, (key) => {
    const field = schema.fields[key];
    if (field) return field.schema;
    if (schema.additional) return schema.additional;
    const where = path.length === 0 ? "at the top level" : `in ${formatPath(path)}`;
    const known = Object.keys(schema.fields);
    const hint = didYouMean(key, known) || `; known keys: ${known.join(", ")}`;
    return `unknown key "${key}" ${where}${hint}`;
  });
  const written = new Set(node.items.map((pair) => scalarKey(pair.key as Node | null)));
  for (const [name, field] of Object.entries(schema.fields)) {
    if (field.required && !written.has(name)) {
      ctx.issues.add(pos, `${formatPath(path)}: missing required key "${name}" (${field.description})`);
    }
  }
  return out;
}

/** Walks a mapping's pairs; `schemaFor` gives the schema of a key's value or a message rejecting the key. */
function checkEntries(
  node: YAMLMap,
  path: Path,
  ctx: Context,
  depth: number,
  schemaFor: (key: string) => Schema | string,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const pair of node.items) {
    const keyNode = pair.key as Node | null;
    const keyPos = keyNode?.range ? ctx.yaml.posOf(keyNode) : ctx.yaml.posOf(node);
    const key = scalarKey(keyNode);
    if (key === undefined) {
      ctx.issues.add(keyPos, `${formatPath(path)}: keys must be plain words, got ${describeNode(keyNode)}`);
      continue;
    }
    const childPath = [...path, key];
    ctx.positions.setKey(childPath, keyPos);
    const schema = schemaFor(key);
    if (typeof schema === "string") {
      ctx.issues.add(
        keyPos,
        schema.startsWith("unknown key") ? schema : `${formatPath(childPath)}: key must be ${schema}`,
      );
      continue;
    }
    const value = check(pair.value, schema, childPath, ctx, depth + 1, keyPos);
    if (value !== INVALID) out[key] = value;
  }
  return out;
}

function checkTagged(
  node: Node | null | undefined,
  schema: TaggedSchema,
  path: Path,
  ctx: Context,
  depth: number,
  pos: SourcePos,
): Checked {
  if (!isMap(node)) return wrongType(node, schema, path, ctx, pos);
  const tagPair = node.items.find((pair) => scalarKey(pair.key as Node | null) === schema.tag);
  const names = Object.keys(schema.variants);
  if (!tagPair) {
    ctx.issues.add(
      pos,
      `${formatPath(path)}: missing required key "${schema.tag}" (${schema.tagDescription}: ${names.join(", ")})`,
    );
    return INVALID;
  }
  const tagValue = isScalar(tagPair.value) ? tagPair.value.value : undefined;
  const variant = typeof tagValue === "string" ? schema.variants[tagValue] : undefined;
  if (!variant) {
    const tagPos = ctx.yaml.posOf((tagPair.value as Node | null) ?? (tagPair.key as Node));
    const hint = typeof tagValue === "string" ? didYouMean(tagValue, names) : "";
    ctx.issues.add(
      tagPos,
      `${formatPath([...path, schema.tag])}: expected one of ${names.join(", ")}, got ${describeValue(tagValue ?? describeNode(tagPair.value as Node | null))}${hint}`,
    );
    return INVALID;
  }
  const fields = {
    [schema.tag]: {
      schema: { type: "string", enum: [tagValue as string] } as StringSchema,
      required: true,
      description: schema.tagDescription,
    },
    ...variant.fields,
  };
  return checkObject(node, { ...variant, fields }, path, ctx, depth, pos);
}

function checkList(
  node: Node | null | undefined,
  schema: ListSchema,
  path: Path,
  ctx: Context,
  depth: number,
  pos: SourcePos,
): Checked {
  if (!isSeq(node)) {
    if (!schema.single || node === null || node === undefined) return wrongType(node, schema, path, ctx, pos);
    const one = check(node, schema.item, path, ctx, depth + 1, pos);
    return one === INVALID ? INVALID : [one];
  }
  if (schema.minItems !== undefined && node.items.length < schema.minItems) {
    ctx.issues.add(
      pos,
      `${formatPath(path)}: needs at least ${schema.minItems} item(s), got ${node.items.length}`,
    );
  }
  const out: unknown[] = [];
  node.items.forEach((item, index) => {
    const value = check(item, schema.item, [...path, index], ctx, depth + 1, pos);
    if (value !== INVALID) out.push(value);
  });
  return out;
}

function checkAnyOf(
  node: Node | null | undefined,
  options: readonly Schema[],
  schema: Schema,
  path: Path,
  ctx: Context,
  depth: number,
  pos: SourcePos,
): Checked {
  for (const option of options) {
    const trial: Context = { ...ctx, issues: new Issues(), positions: new Positions(pos) };
    check(node, option, path, trial, depth + 1, pos);
    if (trial.issues.count === 0) return check(node, option, path, ctx, depth + 1, pos);
  }
  const sameKind = options.filter((option) => kindFits(node, option));
  if (sameKind.length === 1) return check(node, sameKind[0]!, path, ctx, depth + 1, pos);
  return wrongType(node, schema, path, ctx, pos);
}

function toPlain(
  node: Node | null | undefined,
  path: Path,
  ctx: Context,
  depth: number,
  pos: SourcePos,
): Checked {
  if (isMap(node)) {
    return checkEntries(node, path, ctx, depth, () => ({ type: "any" }));
  }
  if (isSeq(node)) {
    const out: unknown[] = [];
    for (const [index, item] of node.items.entries()) {
      const value = check(item, { type: "any" }, [...path, index], ctx, depth + 1, pos);
      if (value === INVALID) return INVALID;
      out.push(value);
    }
    return out;
  }
  const value = isScalar(node) ? node.value : null;
  if (value === null || ["string", "number", "boolean"].includes(typeof value)) return value;
  ctx.issues.add(pos, `${formatPath(path)}: expected plain data, got ${describeNode(node)}`);
  return INVALID;
}
