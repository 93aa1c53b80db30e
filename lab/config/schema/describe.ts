/** Schemas and values said in words, for messages such as `expected an integer in 0..7, got the string "one"`. */
import type { Schema } from "./dsl.js";

export function describeSchema(schema: Schema): string {
  switch (schema.type) {
    case "string":
      if (schema.words) return schema.words;
      return schema.enum ? `one of ${schema.enum.join(", ")}` : "a string";
    case "integer":
      return describeInteger(schema.min, schema.max);
    case "boolean":
      return "true or false";
    case "null":
      return "null";
    case "any":
      return schema.words ?? "any value";
    case "object":
      return "a mapping (key: value)";
    case "list":
      return schema.single
        ? `${describeSchema(schema.item)}, or a list of them`
        : `a list of ${plural(describeSchema(schema.item))}`;
    case "record":
      return "a mapping of ids to entries";
    case "tagged":
      return `a mapping with \`${schema.tag}:\` one of ${Object.keys(schema.variants).join(", ")}`;
    case "anyOf":
      return schema.words ?? schema.options.map(describeSchema).join(" or ");
  }
}

function describeInteger(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return `an integer in ${min}..${max}`;
  if (min !== undefined) return min === 0 ? "a non-negative integer" : `an integer >= ${min}`;
  if (max !== undefined) return `an integer <= ${max}`;
  return "an integer";
}

function plural(words: string): string {
  return words.replace(/^(a|an) /, "").replace(/^one of /, "values among ");
}

/** A parsed YAML value in words: `the string "abc"`, `the number 6.1`, `a list`, `a mapping`. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return "nothing (null)";
  if (Array.isArray(value)) return "a list";
  switch (typeof value) {
    case "string":
      return `the string ${JSON.stringify(truncate(value))}`;
    case "number":
    case "bigint":
      return `the number ${String(value)}`;
    case "boolean":
      return String(value);
    case "object":
      return "a mapping";
    default:
      return `a ${typeof value}`;
  }
}

function truncate(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
