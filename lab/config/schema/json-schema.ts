/** The published JSON Schema (draft-07, what editors' YAML plugins read) generated from the DSL. */
import type { DocumentSchema, Field, ObjectSchema, Schema } from "./dsl.js";
import { LAB_SCHEMA } from "./lab.js";
import { SCENARIO_SCHEMA } from "./scenario.js";

type Json = Record<string, unknown>;

export const DOCUMENT_SCHEMAS: Record<DocumentSchema["kind"], DocumentSchema> = {
  lab: LAB_SCHEMA,
  scenario: SCENARIO_SCHEMA,
};

/** the file name each kind is published under, in lab/config/schema/ */
export function schemaFileName(kind: DocumentSchema["kind"]): string {
  return `${kind}.schema.json`;
}

export function toJsonSchema(document: DocumentSchema): Json {
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    title: document.title,
    description: document.description,
    ...convert(document.root),
  };
}

/** the file's exact text: stable key order, two-space indent, final newline */
export function jsonSchemaText(document: DocumentSchema): string {
  return `${JSON.stringify(toJsonSchema(document), null, 2)}\n`;
}

function convert(schema: Schema): Json {
  switch (schema.type) {
    case "string": {
      const type = schema.numberAsText ? ["string", "number"] : "string";
      if (schema.enum) return { type: "string", enum: [...schema.enum] };
      return {
        type,
        ...(schema.pattern && !schema.numberAsText ? { pattern: schema.pattern.source } : {}),
        ...(schema.words ? { description: schema.words } : {}),
      };
    }
    case "integer":
      return {
        type: "integer",
        ...(schema.min === undefined ? {} : { minimum: schema.min }),
        ...(schema.max === undefined ? {} : { maximum: schema.max }),
      };
    case "boolean":
      return { type: "boolean" };
    case "null":
      return { type: "null" };
    case "any":
      return schema.words ? { description: schema.words } : {};
    case "object":
      return convertObject(schema);
    case "list": {
      const array = {
        type: "array",
        items: convert(schema.item),
        ...(schema.minItems ? { minItems: schema.minItems } : {}),
      };
      return schema.single ? { anyOf: [array, convert(schema.item)] } : array;
    }
    case "record":
      return {
        type: "object",
        ...(schema.keyPattern ? { propertyNames: { pattern: schema.keyPattern.source } } : {}),
        additionalProperties: convert(schema.value),
      };
    case "tagged":
      return {
        type: "object",
        required: [schema.tag],
        properties: {
          [schema.tag]: { description: schema.tagDescription, enum: Object.keys(schema.variants) },
        },
        oneOf: Object.entries(schema.variants).map(([name, variant]) => {
          const withTag = convertObject(variant);
          const properties = { [schema.tag]: { const: name }, ...(withTag.properties as Json) };
          return {
            ...withTag,
            properties,
            required: [schema.tag, ...((withTag.required as string[]) ?? [])],
          };
        }),
      };
    case "anyOf":
      return { anyOf: schema.options.map(convert), ...(schema.words ? { description: schema.words } : {}) };
  }
}

function convertObject(schema: ObjectSchema): Json {
  const properties: Json = {};
  for (const [name, field] of Object.entries(schema.fields)) properties[name] = convertField(field);
  const requiredNames = Object.entries(schema.fields)
    .filter(([, field]) => field.required)
    .map(([name]) => name);
  return {
    type: "object",
    properties,
    ...(requiredNames.length > 0 ? { required: requiredNames } : {}),
    additionalProperties: schema.additional ? convert(schema.additional) : false,
  };
}

function convertField(field: Field): Json {
  const converted = convert(field.schema);
  return { ...converted, description: field.description };
}
