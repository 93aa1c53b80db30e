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

t.test("the JSON Schemas accept the files the lab accepts and reject what it rejects", async (t) => {
  const { parse } = await import("yaml");
  const { jsonSchemaErrors } = await import("./mini-json-schema.js");
  const scenarioSchema = toJsonSchema(DOCUMENT_SCHEMAS.scenario);
  const labSchema = toJsonSchema(DOCUMENT_SCHEMAS.lab);
  const { readdirSync } = await import("node:fs");
  for (const name of readdirSync(join(REPO_ROOT, "scenarios")).filter((n) => n.endsWith(".yaml"))) {
    const doc = parse(readFileSync(join(REPO_ROOT, "scenarios", name), "utf8"));
    t.same(jsonSchemaErrors(scenarioSchema, doc), [], `scenarios/${name}`);
  }
  t.same(
    jsonSchemaErrors(labSchema, parse(readFileSync(join(REPO_ROOT, "lab.yaml"), "utf8"))),
    [],
    "lab.yaml",
  );
  const readme = readFileSync(join(REPO_ROOT, "scenarios", "README.md"), "utf8");
  const blocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => parse(m[1]!));
  t.same(
    jsonSchemaErrors(
      scenarioSchema,
      blocks.find((b) => b?.programs),
    ),
    [],
    "README scenario example",
  );
  t.same(
    jsonSchemaErrors(
      labSchema,
      blocks.find((b) => b?.images),
    ),
    [],
    "README lab.yaml example",
  );
  const base = { name: "x", programs: [{ id: "p", file: "a.bin" }], targets: [{ backend: "host" }] };
  t.same(jsonSchemaErrors(scenarioSchema, base), []);
  t.match(jsonSchemaErrors(scenarioSchema, { ...base, progams: [] }).join("\n"), /unknown key progams/);
  t.match(
    jsonSchemaErrors(scenarioSchema, { ...base, targets: [{ backend: "qemo" }] }).join("\n"),
    /backend: not in enum/,
  );
  t.match(
    jsonSchemaErrors(scenarioSchema, { ...base, loaders: [{ id: "l", log_level: 9 }] }).join("\n"),
    /above maximum/,
  );
  t.match(
    jsonSchemaErrors(labSchema, { images: { a: { source: "debain", version: "6.1", arch: "x86_64" } } }).join(
      "\n",
    ),
    /oneOf|enum/,
  );
});
