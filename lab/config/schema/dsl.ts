/**
 * A small declarative schema language for the lab's YAML files. One definition per file kind
 * (schema/lab.ts, schema/scenario.ts) drives both the shape check (shape.ts, with positions and
 * "did you mean") and the published JSON Schema files (json-schema.ts), so the two cannot drift.
 */

export interface StringSchema {
  type: "string";
  enum?: readonly string[];
  pattern?: RegExp;
  /** how to say the pattern in words: "a version such as 6.1" */
  words?: string;
  /** an unquoted number (6.10) is taken as the text written, not as the number it parses to */
  numberAsText?: boolean;
  /** other names people write for an enum value: { amd64: "x86_64" } */
  aliases?: Readonly<Record<string, string>>;
}

export interface IntegerSchema {
  type: "integer";
  min?: number;
  max?: number;
}

export interface BooleanSchema {
  type: "boolean";
}

export interface NullSchema {
  type: "null";
}

/** any YAML value, taken as plain data (for values a generator interprets itself) */
export interface AnySchema {
  type: "any";
  words?: string;
}

export interface Field {
  schema: Schema;
  required: boolean;
  description: string;
}

export interface ObjectSchema {
  type: "object";
  fields: Record<string, Field>;
  /** schema of keys not listed in fields; without it such keys are rejected */
  additional?: Schema;
  /** words for the additional keys, used in messages and the JSON Schema: "generator parameters" */
  additionalWords?: string;
}

export interface ListSchema {
  type: "list";
  item: Schema;
  /** a lone value (not a list) counts as a list of one */
  single?: boolean;
  minItems?: number;
}

export interface RecordSchema {
  type: "record";
  value: Schema;
  keyPattern?: RegExp;
  keyWords?: string;
}

/** objects told apart by one key's value (`source: debian`), each variant with its own fields */
export interface TaggedSchema {
  type: "tagged";
  tag: string;
  tagDescription: string;
  variants: Record<string, ObjectSchema>;
}

export interface AnyOfSchema {
  type: "anyOf";
  options: readonly Schema[];
  words?: string;
}

export type Schema =
  | StringSchema
  | IntegerSchema
  | BooleanSchema
  | NullSchema
  | AnySchema
  | ObjectSchema
  | ListSchema
  | RecordSchema
  | TaggedSchema
  | AnyOfSchema;

/** A document kind: its root schema plus what the JSON Schema file says about it. */
export interface DocumentSchema {
  kind: "lab" | "scenario";
  title: string;
  description: string;
  root: ObjectSchema;
}

export const str = (options: Omit<StringSchema, "type"> = {}): StringSchema => ({
  type: "string",
  ...options,
});
export const oneOfStrings = (values: readonly string[]): StringSchema => ({ type: "string", enum: values });
export const int = (min?: number, max?: number): IntegerSchema => ({
  type: "integer",
  ...(min === undefined ? {} : { min }),
  ...(max === undefined ? {} : { max }),
});
export const bool = (): BooleanSchema => ({ type: "boolean" });
export const nul = (): NullSchema => ({ type: "null" });
export const anything = (words?: string): AnySchema => ({
  type: "any",
  ...(words === undefined ? {} : { words }),
});
export const obj = (fields: Record<string, Field>, more: Partial<ObjectSchema> = {}): ObjectSchema => ({
  type: "object",
  fields,
  ...more,
});
export const list = (item: Schema, more: Partial<Omit<ListSchema, "type" | "item">> = {}): ListSchema => ({
  type: "list",
  item,
  ...more,
});
export const listOrOne = (item: Schema): ListSchema => list(item, { single: true });
export const record = (
  value: Schema,
  more: Partial<Omit<RecordSchema, "type" | "value">> = {},
): RecordSchema => ({
  type: "record",
  value,
  ...more,
});
export const anyOf = (options: readonly Schema[], words?: string): AnyOfSchema => ({
  type: "anyOf",
  options,
  ...(words === undefined ? {} : { words }),
});
export const tagged = (
  tag: string,
  tagDescription: string,
  variants: Record<string, ObjectSchema>,
): TaggedSchema => ({ type: "tagged", tag, tagDescription, variants });

export const required = (schema: Schema, description: string): Field => ({
  schema,
  required: true,
  description,
});
export const optional = (schema: Schema, description: string): Field => ({
  schema,
  required: false,
  description,
});
