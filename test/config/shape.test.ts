import t from "tap";
import { ConfigError } from "../../lab/config/issues.js";
import { validateDocument } from "../../lab/config/validate.js";
import { isLabError } from "../../lab/errors.js";

const GOOD = `name: demo
programs:
  - { id: p, generator: gen, params: { n: 1 } }
targets:
  - backend: model
    kernels: [5.15.127]
`;

function errorOf(text: string, file = "s.yaml", kind: "lab" | "scenario" | "auto" = "auto"): ConfigError {
  try {
    validateDocument(text, file, kind);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

t.test("a valid scenario passes", async (t) => {
  const result = validateDocument(GOOD, "s.yaml");
  t.equal(result.kind, "scenario");
  t.equal(result.kind === "scenario" && result.value.name, "demo");
});

t.test("an unknown key at line 3 col 1 is named FILE:3:1 with did-you-mean", async (t) => {
  const e = errorOf(
    "name: x\ndescription: y\nprogams: []\nprograms: [{ id: p, file: a.bin }]\ntargets: [{ backend: host }]\n",
  );
  t.ok(isLabError(e));
  t.equal(e.code, "LAB_CONFIG_INVALID");
  t.same(e.where, { file: "s.yaml", line: 3, col: 1 });
  t.match(e.message, /unknown key "progams" at the top level \(did you mean "programs"\?\)/);
});

t.test("an unknown key with no near match lists the known keys", async (t) => {
  const e = errorOf(`${GOOD}zzzzzz: 1\n`);
  t.match(e.message, /unknown key "zzzzzz" at the top level; known keys: name, description, programs/);
  t.same(e.where, { file: "s.yaml", line: 7, col: 1 });
});

t.test("a wrong type names the value and the expected type", async (t) => {
  const e = errorOf(`${GOOD}loaders:\n  - { id: l, log_level: "one" }\n`);
  t.match(e.message, /loaders\[0\]\.log_level: expected an integer in 0\.\.7, got the string "one"/);
  t.same(e.where, { file: "s.yaml", line: 8, col: 25 });
  const e2 = errorOf(GOOD.replace("name: demo", "name: [a, b]"));
  t.match(e2.message, /name: expected a string, got a list/);
  const e3 = errorOf(`${GOOD}loaders:\n  - { id: l, stats_reload: yes }\n`);
  t.match(e3.message, /stats_reload: expected true or false, got the string "yes"/);
});

t.test("enum values get did-you-mean, arch aliases point at the lab's names", async (t) => {
  const e = errorOf(GOOD.replace("backend: model", "backend: modle"));
  t.match(
    e.message,
    /targets\[0\]\.backend: expected one of model, host, qemu, got the string "modle" \(did you mean "model"\?\)/,
  );
  const e2 = errorOf(`${GOOD}    arches: amd64\n`);
  t.match(e2.message, /got the string "amd64" \(did you mean "x86_64"\?\)/);
  const e3 = errorOf(GOOD.replace("params:", "prog_type: cgroup_devce, params:"));
  t.match(e3.message, /did you mean "cgroup_device"/);
});

t.test("a missing required key is reported at its mapping", async (t) => {
  const e = errorOf("name: x\nprograms:\n  - file: a.bin\ntargets: [{ backend: host }]\n");
  t.match(e.message, /programs\[0\]: missing required key "id"/);
  t.same(e.where, { file: "s.yaml", line: 3, col: 5 });
});

t.test("every problem is reported, the first as the error's where", async (t) => {
  const text =
    "name: x\nprogams: 1\nprograms: [{ id: p, file: a.bin, log_level: 2 }]\ntargets: [{ backend: hots }]\nexpect: [{ verdict: acepted }]\n";
  const e = errorOf(text);
  t.equal(e.issues.length, 4);
  t.same(
    e.issues.map((i) => `${i.line}:${i.col}`),
    ["2:1", "3:34", "4:22", "5:21"],
  );
  t.match(e.message, /4 problem|3 more problem/);
  for (const line of e.message.split("\n").slice(2)) t.match(line, /^ {2}s\.yaml:\d+:\d+: /);
});

t.test("YAML syntax errors carry their position", async (t) => {
  const e = errorOf("name: x\nprograms: [\n");
  t.equal(e.where?.file, "s.yaml");
  t.ok((e.where?.line ?? 0) >= 2);
  t.match(e.message, /^YAML: /);
  const dup = errorOf("name: x\nname: y\n");
  t.match(dup.message, /unique/i);
  t.equal(dup.where?.line, 2);
});

t.test("an unquoted version keeps the text written (6.10 is not 6.1)", async (t) => {
  const { value } = validateDocument(GOOD.replace("[5.15.127]", "[6.10, 6.1]"), "s.yaml", "scenario");
  t.same(
    value.targets.map((x) => x.kernel.id),
    ["6.10", "6.1"],
  );
});

t.test("the kind is told by the keys, or forced", async (t) => {
  t.equal(validateDocument("images: {}\n", "x.yaml").kind, "lab");
  t.equal(validateDocument("{}\n", "lab.yaml").kind, "lab");
  const e = errorOf("images: {}\n", "x.yaml", "scenario");
  t.match(e.message, /unknown key "images"/);
});

t.test("a long list of problems is capped in the message, kept whole in issues", async (t) => {
  const keys = Array.from({ length: 60 }, (_, i) => `zz${i}: 1`).join("\n");
  const e = errorOf(`${GOOD}${keys}\n`);
  t.equal(e.issues.length, 60);
  t.match(e.message, /59 more problem\(s\):/);
  t.match(e.message, /\n {2}\.\.\. and 9 more$/);
  t.equal(e.message.split("\n").length, 1 + 1 + 50 + 1);
});
