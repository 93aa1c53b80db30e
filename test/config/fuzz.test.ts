/**
 * Seeded fuzzing of the config pipeline: 10,000 mutated and generated YAML documents never make it
 * throw anything but a LabError (LAB_CONFIG_INVALID) with a FILE:LINE:COL inside the document.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import t from "tap";
import { stringify } from "yaml";
import { loadConfigFile } from "../../lab/config/load.js";
import { validateDocument } from "../../lab/config/validate.js";
import { isLabError } from "../../lab/errors.js";
import { GENERATORS } from "../../lab/programs/generators/index.js";
import { REPO_ROOT } from "../helpers/cli.js";

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const SCENARIO = readFileSync(join(REPO_ROOT, "scenarios", "slurm-cgroup-device.yaml"), "utf8");
const LAB_TEXT = readFileSync(join(REPO_ROOT, "lab.yaml"), "utf8");
const SMALL = `name: s
programs:
  - { id: p, generator: slurm-device, params: { devices: 1..4 } }
loaders: [{ id: a, log_level: 1, log_size: 8k }, { id: b, log_level: 0 }]
targets:
  - { backend: qemu, kernels: [debian:6.1, debian-6.1-arm64] }
  - { backend: model, kernels: 5.15.127 }
expect:
  - when: { loader: a, kernel: ">=5.15.127", devices: ">=2" }
    verdict: rejected
probes:
  - id: x
    cgroup_device: { program: p, params: { devices: 2 }, loader: a, devices: [{ type: c, major: 1, minor: 3, expect: allowed }] }
`;
const LAB = loadConfigFile(join(REPO_ROOT, "lab.yaml"));
const TOKENS = [
  ":",
  "-",
  " ",
  "  ",
  "\n",
  "\t",
  "[",
  "]",
  "{",
  "}",
  ",",
  "&a ",
  "*a",
  "!!str ",
  "!x ",
  '"',
  "'",
  "#",
  "|",
  ">",
  "..",
  "1..64",
  "~",
  "null",
  "0x1f",
  "1e999",
  "é",
  "\u0000",
  "? ",
  "<<: *a",
  "---\n",
  "%YAML 1.2\n",
];
const KEYS = [
  "name",
  "programs",
  "loaders",
  "targets",
  "expect",
  "probes",
  "id",
  "generator",
  "params",
  "devices",
  "file",
  "backend",
  "kernels",
  "arches",
  "when",
  "verdict",
  "errno",
  "log_level",
  "log_size",
  "images",
  "source",
  "version",
  "arch",
  "default",
  "cgroup_device",
  "each",
  "progams",
];

function mutate(text: string, rand: () => number): string {
  let out = text;
  const edits = 1 + Math.floor(rand() * 6);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(rand() * (out.length + 1));
    const kind = Math.floor(rand() * 6);
    if (kind === 0) out = out.slice(0, at) + out.slice(at + 1 + Math.floor(rand() * 20));
    else if (kind === 1) out = out.slice(0, at) + TOKENS[Math.floor(rand() * TOKENS.length)] + out.slice(at);
    else if (kind === 2)
      out = out.slice(0, at) + String.fromCharCode(Math.floor(rand() * 128)) + out.slice(at + 1);
    else if (kind === 3) {
      const lines = out.split("\n");
      const a = Math.floor(rand() * lines.length);
      const b = Math.floor(rand() * lines.length);
      [lines[a], lines[b]] = [lines[b]!, lines[a]!];
      out = lines.join("\n");
    } else if (kind === 4) {
      const lines = out.split("\n");
      const a = Math.floor(rand() * lines.length);
      lines.splice(a, 0, lines[Math.floor(rand() * lines.length)]!);
      out = lines.join("\n");
    } else out = out.slice(0, at) + KEYS[Math.floor(rand() * KEYS.length)] + ": " + out.slice(at);
  }
  return out;
}

function randomValue(rand: () => number, depth: number): unknown {
  const r = rand();
  if (depth > 3 || r < 0.35) {
    const scalars = [
      0,
      1,
      23,
      -1,
      8192,
      "8k",
      "1..64",
      "5..1",
      ">=23",
      "6.1",
      "debian:6.1",
      "host",
      "model",
      "qemu",
      "x86_64",
      "amd64",
      true,
      null,
      "",
      "slurm",
      "slurm-device",
      "ENOSPC",
      1.5,
    ];
    return scalars[Math.floor(rand() * scalars.length)];
  }
  if (r < 0.6) return Array.from({ length: Math.floor(rand() * 4) }, () => randomValue(rand, depth + 1));
  const out: Record<string, unknown> = {};
  for (let i = Math.floor(rand() * 5); i > 0; i--)
    out[KEYS[Math.floor(rand() * KEYS.length)]!] = randomValue(rand, depth + 1);
  return out;
}

/** null when the pipeline behaved, else what went wrong */
function checkOne(
  text: string,
  file: string,
  kind: "lab" | "scenario" | "auto",
  stats: { ok: number; errors: number },
): string | null {
  try {
    validateDocument(text, file, kind, { lab: LAB, generators: GENERATORS, fileExists: () => true });
    stats.ok++;
    return null;
  } catch (error) {
    const where = isLabError(error) ? error.where : undefined;
    const lines = text.split("\n").length + 1;
    const line = where?.line ?? 0;
    const good =
      isLabError(error) &&
      error.code === "LAB_CONFIG_INVALID" &&
      where?.file === file &&
      line >= 1 &&
      line <= lines &&
      (where.col ?? 0) >= 1;
    if (!good) return `${JSON.stringify(text)}: ${String((error as Error)?.stack ?? error)}`;
    stats.errors++;
    return null;
  }
}

t.test("10,000 fuzzed documents give only positioned LAB_CONFIG_INVALID errors", async (t) => {
  const rand = mulberry32(0x1ab5eed);
  const stats = { ok: 0, errors: 0 };
  let failures = 0;
  for (let i = 0; i < 10_000 && failures < 5; i++) {
    const pick = i % 16 === 0 ? 0 : i % 4 === 0 ? 4 : i % 4;
    let text: string;
    let kind: "lab" | "scenario" | "auto" = "auto";
    if (pick === 0) text = mutate(SCENARIO, rand);
    else if (pick === 4) text = mutate(SMALL, rand);
    else if (pick === 1) {
      text = mutate(LAB_TEXT, rand);
      kind = "lab";
    } else if (pick === 2) text = stringify(randomValue(rand, 0));
    else if (i % 2 === 1) text = mutate(SMALL, rand);
    else
      text = mutate(
        stringify({
          name: "x",
          programs: [randomValue(rand, 1)],
          targets: [randomValue(rand, 1)],
          expect: [randomValue(rand, 1)],
        }),
        rand,
      );
    const failure = checkOne(text, "fuzz.yaml", kind, stats);
    if (failure) {
      failures++;
      t.fail(failure);
    }
  }
  t.equal(failures, 0);
  t.ok(stats.errors > 7000, `most inputs are invalid (${stats.errors})`);
  t.ok(stats.ok > 10, `some inputs stay valid (${stats.ok})`);
});

t.test("pathological YAML: deep nesting, alias bombs, self-references", async (t) => {
  const stats = { ok: 0, errors: 0 };
  const deep = `name: x\nprograms: ${"[".repeat(500)}${"]".repeat(500)}\ntargets: []\n`;
  const bomb = [
    "a: &a [x, x, x, x, x, x, x, x, x, x]",
    ...Array.from(
      { length: 8 },
      (_, i) =>
        `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10)
          .fill(`*${String.fromCharCode(97 + i)}`)
          .join(", ")}]`,
    ),
    "programs: [{ id: p, generator: g, params: { devices: *i } }]",
    "name: x",
    "targets: [{ backend: host }]",
  ].join("\n");
  const self =
    "name: &n x\nprograms: &p [{ id: p, generator: g, params: { devices: *p } }]\ntargets: [{ backend: host }]\n";
  for (const text of [deep, bomb, self, "", "---\n---\n", "\u0000", "a: b: c", "[1, 2]"])
    t.equal(checkOne(text, "p.yaml", "scenario", stats), null);
});
