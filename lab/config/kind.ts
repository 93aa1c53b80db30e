/** Which kind of file a YAML document is, told by its keys (or its name when the keys say nothing). */
import { basename } from "node:path";
import { isMap, isScalar } from "yaml";
import { Issues } from "./issues.js";
import { type ParsedYaml, parseYaml } from "./parse.js";
import { LAB_SCHEMA } from "./schema/lab.js";
import { SCENARIO_SCHEMA } from "./schema/scenario.js";

export type DocumentKind = "lab" | "scenario";

export function detectKind(yaml: ParsedYaml, file: string): DocumentKind {
  const contents = yaml.doc.contents;
  const keys = isMap(contents)
    ? contents.items.map((pair) => (isScalar(pair.key) ? String(pair.key.value) : ""))
    : [];
  const score = (fields: object) => keys.filter((key) => Object.hasOwn(fields, key)).length;
  const lab = score(LAB_SCHEMA.root.fields);
  const scenario = score(SCENARIO_SCHEMA.root.fields);
  if (lab !== scenario) return lab > scenario ? "lab" : "scenario";
  return /^lab\.ya?ml$/.test(basename(file)) ? "lab" : "scenario";
}

/** the kind of a file's text; a text that does not parse counts by its name */
export function kindOfText(text: string, file: string): DocumentKind {
  return detectKind(parseYaml(text, file, new Issues()), file);
}
