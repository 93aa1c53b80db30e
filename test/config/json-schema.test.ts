import { readFileSync } from "node:fs";
import { join } from "node:path";
import t from "tap";
import { DOCUMENT_SCHEMAS, schemaFileName, toJsonSchema } from "../../lab/config/schema/json-schema.js";
import { REPO_ROOT } from "../helpers/cli.js";

const DIR = join(REPO_ROOT, "lab", "config", "schema");

for (const document of Object.values(DOCUMENT_SCHEMAS)) {
  t.test(`${schemaFileName(document.kind)} equals the schema generated from the DSL`, async (t) => {
    const committed = JSON.parse(readFileSync(join(DIR, schemaFileName(document.kind)), "utf8"));
    t.same(
      committed,
      JSON.parse(JSON.stringify(toJsonSchema(document))),
      "stale: run `npm run build && node dist/lab/config/schema/write.js && npx biome format --write lab/config/schema`",
    );
  });
}

t.test("the JSON Schema rejects unknown keys and lists every field with a description", async (t) => {
  const scenario = toJsonSchema(DOCUMENT_SCHEMAS.scenario) as {
    additionalProperties: unknown;
    properties: Record<string, { description?: string }>;
  };
  t.equal(scenario.additionalProperties, false);
  t.same(Object.keys(scenario.properties), [
    "name",
    "description",
    "programs",
    "loaders",
    "targets",
    "expect",
    "probes",
  ]);
  for (const [key, value] of Object.entries(scenario.properties))
    t.ok(value.description, `${key} has a description`);
});

t.test("the shipped files name their schema for editors", async (t) => {
  t.match(
    readFileSync(join(REPO_ROOT, "lab.yaml"), "utf8"),
    /^# yaml-language-server: \$schema=lab\/config\/schema\/lab\.schema\.json$/m,
  );
  t.match(
    readFileSync(join(REPO_ROOT, "scenarios", "slurm-cgroup-device.yaml"), "utf8"),
    /^# yaml-language-server: \$schema=\.\.\/lab\/config\/schema\/scenario\.schema\.json$/m,
  );
});
