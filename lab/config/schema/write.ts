/**
 * Writes the published JSON Schema files (lab/config/schema/*.schema.json) from the DSL definitions.
 * Run after changing a schema: `npm run build && node dist/lab/config/schema/write.js && npx biome format --write lab/config/schema`
 * (test/config/json-schema.test.ts fails while the committed files are stale).
 */
import { renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { DOCUMENT_SCHEMAS, jsonSchemaText, schemaFileName } from "./json-schema.js";

/** lab/config/schema in the source tree, whether running from source or from dist/ */
export function schemaDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  return here.replace(/([/\\])dist([/\\]lab[/\\]config[/\\]schema)$/, "$2");
}

export function writeSchemas(dir = schemaDir()): string[] {
  return Object.values(DOCUMENT_SCHEMAS).map((document) => {
    const path = join(dir, schemaFileName(document.kind));
    writeFileSync(`${path}.tmp`, jsonSchemaText(document));
    renameSync(`${path}.tmp`, path);
    return path;
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const path of writeSchemas()) process.stdout.write(`wrote ${path}\n`);
}
