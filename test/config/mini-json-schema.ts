/**
 * A small draft-07 validator for the keywords the lab's published schemas use (type, enum, const,
 * pattern, minimum, maximum, properties, required, additionalProperties, propertyNames, items,
 * minItems, anyOf, oneOf): enough to check that what editors are told agrees with the lab.
 */
type Json = Record<string, unknown>;

export function jsonSchemaErrors(schema: Json, value: unknown, path = "$"): string[] {
  const errors: string[] = [];
  const fail = (why: string) => errors.push(`${path}: ${why}`);
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.some((t) => typeMatches(t as string, value))) fail(`not ${types.join("|")}`);
  }
  if (schema.enum && !(schema.enum as unknown[]).includes(value)) fail(`not in enum`);
  if ("const" in schema && schema.const !== value) fail(`not ${String(schema.const)}`);
  if (typeof value === "string" && schema.pattern && !new RegExp(schema.pattern as string, "u").test(value))
    fail("pattern");
  if (typeof value === "number") {
    if (schema.minimum !== undefined && value < (schema.minimum as number)) fail("below minimum");
    if (schema.maximum !== undefined && value > (schema.maximum as number)) fail("above maximum");
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < (schema.minItems as number)) fail("too few items");
    if (schema.items) {
      for (const [i, item] of value.entries())
        errors.push(...jsonSchemaErrors(schema.items as Json, item, `${path}[${i}]`));
    }
  }
  if (value !== null && typeof value === "object" && !Array.isArray(value))
    errors.push(...objectErrors(schema, value as Json, path));
  if (schema.anyOf && !(schema.anyOf as Json[]).some((s) => jsonSchemaErrors(s, value, path).length === 0))
    fail("matches no anyOf");
  if (schema.oneOf) {
    const matching = (schema.oneOf as Json[]).filter(
      (s) => jsonSchemaErrors(s, value, path).length === 0,
    ).length;
    if (matching !== 1) fail(`matches ${matching} of oneOf`);
  }
  return errors;
}

function objectErrors(schema: Json, value: Json, path: string): string[] {
  const errors: string[] = [];
  const properties = (schema.properties ?? {}) as Record<string, Json>;
  for (const name of (schema.required ?? []) as string[])
    if (!(name in value)) errors.push(`${path}: missing ${name}`);
  for (const [key, item] of Object.entries(value)) {
    if (schema.propertyNames)
      errors.push(...jsonSchemaErrors(schema.propertyNames as Json, key, `${path}.${key} (name)`));
    if (properties[key]) errors.push(...jsonSchemaErrors(properties[key], item, `${path}.${key}`));
    else if (schema.additionalProperties === false) errors.push(`${path}: unknown key ${key}`);
    else if (typeof schema.additionalProperties === "object")
      errors.push(...jsonSchemaErrors(schema.additionalProperties as Json, item, `${path}.${key}`));
  }
  return errors;
}

function typeMatches(type: string, value: unknown): boolean {
  switch (type) {
    case "object":
      return value !== null && typeof value === "object" && !Array.isArray(value);
    case "array":
      return Array.isArray(value);
    case "integer":
      return Number.isInteger(value);
    case "null":
      return value === null;
    default:
      return typeof value === type;
  }
}
