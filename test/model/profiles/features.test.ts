import t from "tap";
import { FEATURE_NAMES, FEATURES, featureInVersion } from "../../../lab/model/profiles/features.js";
import { LINE_IDS, lineFeatures } from "../../../lab/model/profiles/lines.js";

t.test("every feature row is complete and named as its key", async (t) => {
  for (const name of FEATURE_NAMES) {
    const f = FEATURES[name];
    t.equal(f.name, name);
    t.ok(f.description.length > 20, `${name} description`);
    t.ok(f.source.file && f.source.func && f.source.change, `${name} source`);
    t.match(f.since, /^\d+\.\d+$/, `${name} since`);
  }
});

t.test("the precision backport: in 5.10.191+, 5.15.127+, all of 6.1, mainline; not 5.15.126", async (t) => {
  const f = FEATURES.precision_backport;
  t.notOk(featureInVersion(f, "5.10.190"));
  t.ok(featureInVersion(f, "5.10.191"));
  t.notOk(featureInVersion(f, "5.15.126"));
  t.ok(featureInVersion(f, "5.15.127"));
  t.ok(featureInVersion(f, "6.1.0"));
  t.ok(featureInVersion(f, "6.12.1"));
  t.notOk(featureInVersion(f, "5.4.250"));
});

t.test("the feature x line table", async (t) => {
  const table: Record<string, string[]> = {};
  for (const line of LINE_IDS) table[line] = lineFeatures(line);
  t.matchSnapshot(table);
  // the pair the Slurm story rests on differs in exactly one feature
  const a = new Set(table["5.15.126"]);
  const b = new Set(table["5.15.127"]);
  t.same(
    [...b].filter((x) => !a.has(x)),
    ["precision_backport"],
  );
  t.same(
    [...a].filter((x) => !b.has(x)),
    [],
  );
  t.ok(table.host?.includes("log_rotate") && !table.host?.includes("print_liveness_marks"));
});
