import t from "tap";
import { countCells, expandCells } from "../../lab/config/cells.js";
import { ConfigError } from "../../lab/config/issues.js";
import { emptyLabConfig } from "../../lab/config/normalize-lab.js";
import { rulesFor } from "../../lab/config/select.js";
import type { LabConfig } from "../../lab/config/types.js";
import { type ValidateContext, validateDocument } from "../../lab/config/validate.js";

const LAB: LabConfig = {
  ...emptyLabConfig(),
  file: "/x/lab.yaml",
  images: {
    "deb-6.1-arm": {
      id: "deb-6.1-arm",
      source: "debian",
      version: "6.1",
      arch: "arm64",
      flavour: "cloud",
      description: "",
      where: { file: "lab.yaml", line: 1, col: 1 },
    },
  },
};

function scenario(text: string, context: ValidateContext = {}) {
  return validateDocument(text, "s.yaml", "scenario", { lab: LAB, ...context }).value;
}

function problems(text: string, context: ValidateContext = {}): string[] {
  try {
    scenario(text, context);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((i) => `${i.line}:${i.col} ${i.message}`);
    throw error;
  }
  return [];
}

const HEAD = "name: s\nprograms:\n  - { id: slurm, generator: slurm-device, params: { devices: 1..64 } }\n";

t.test("a ranged param expands to one program per value, keyed by the value", async (t) => {
  const s = scenario(`${HEAD}targets: [{ backend: model, kernels: 6.1 }]\n`);
  t.equal(s.programs.length, 64);
  t.equal(s.programs[22]!.key, "slurm[devices=23]");
  t.same(s.programs[22]!.params, { devices: 23 });
  t.equal(s.loaders[0]!.id, "default", "a default loader");
  t.equal(s.loaders[0]!.logSize, 16 * 1024 * 1024);
  t.equal(countCells(s), 64);
});

t.test("steps, each: sweeps, lists passed through, and the product of two axes", async (t) => {
  const s = scenario(
    "name: s\nprograms:\n  - id: g\n    generator: gen\n    params: { devices: 1..64:16, deny: { each: [none, all] }, extra: [1, 2] }\ntargets: [{ backend: host }]\n",
  );
  t.same(
    s.programs.map((p) => p.key),
    [
      "g[devices=1,deny=none]",
      "g[devices=1,deny=all]",
      "g[devices=17,deny=none]",
      "g[devices=17,deny=all]",
      "g[devices=33,deny=none]",
      "g[devices=33,deny=all]",
      "g[devices=49,deny=none]",
      "g[devices=49,deny=all]",
    ],
  );
  t.same(s.programs[0]!.params.extra, [1, 2], "a list is the generator's value, not a sweep");
});

t.test("loaders: sizes, defaults", async (t) => {
  const s = scenario(
    `${HEAD}loaders:\n  - { id: a, log_level: 1, log_size: 8k, memlock_rlimit: 64k }\n  - { id: b, log_level: 0 }\ntargets: [{ backend: host }]\n`,
  );
  t.same(
    s.loaders.map((l) => [l.id, l.logLevel, l.logSize, l.memlockRlimit, l.statsReload]),
    [
      ["a", 1, 8192, 65536, true],
      ["b", 0, 0, null, true],
    ],
  );
  t.equal(countCells(s), 128);
});

t.test("duplicate ids are reported at the second one", async (t) => {
  const p = problems(
    `${HEAD}  - { id: slurm, file: x.bin }\nloaders: [{ id: a }, { id: a }]\ntargets: [{ backend: host }]\n`,
  );
  t.match(p.join("\n"), /4:11 programs\[1\]\.id: duplicate program id "slurm" \(first at line 3:11\)/);
  t.match(p.join("\n"), /5:28 loaders\[1\]\.id: duplicate loader id "a" \(first at line 5:17\)/);
});

t.test("kernel ids resolve per backend; unknown ones are positioned errors", async (t) => {
  const s = scenario(
    `${HEAD}targets:\n  - { backend: qemu, kernels: [debian:6.1, deb-6.1-arm], arches: [arm64] }\n  - { backend: model, kernels: [5.15.127, host] }\n`,
  );
  t.same(
    s.targets.map((x) => [x.key, x.kernel.kind]),
    [
      ["qemu:debian:6.1/arm64", "debian"],
      ["qemu:deb-6.1-arm/arm64", "image"],
      ["model:5.15.127/" + s.targets[2]!.arch, "model-version"],
      ["model:host/" + s.targets[3]!.arch, "host"],
    ],
  );
  const p = problems(
    `${HEAD}targets:\n  - backend: qemu\n    kernels: [deb-6.1-amr, 6.1, debian:six]\n  - { backend: model, kernels: latest }\n  - { backend: host, kernels: 6.1 }\n`,
  );
  t.equal(p.length, 5);
  t.match(
    p[0],
    /^6:15 targets\[0\]\.kernels\[0\]: unknown kernel "deb-6.1-amr" for qemu.*\(did you mean "deb-6.1-arm"\?\)/,
  );
  t.match(p[1], /^6:28 .*did you mean "debian:6.1"/);
  t.match(p[2], /^6:33 .*"debian:six" is not debian:<version>/);
  t.match(p[3], /^7:32 targets\[1\]\.kernels: model kernels are versions/);
  t.match(p[4], /^8:31 targets\[2\]\.kernels: the host backend runs this machine's kernel/);
});

t.test("an image's arch is its target's arch", async (t) => {
  const s = scenario(`${HEAD}targets: [{ backend: qemu, kernels: deb-6.1-arm }]\n`);
  t.equal(s.targets[0]!.arch, "arm64");
  const p = problems(`${HEAD}targets: [{ backend: qemu, kernels: deb-6.1-arm, arches: x86_64 }]\n`);
  t.match(p[0], /image "deb-6.1-arm" is for arm64, not x86_64/);
});

t.test("expectations: references checked, selectors applied to cells", async (t) => {
  const text = `${HEAD}loaders: [{ id: old, log_level: 1, log_size: 8192 }, { id: new, log_level: 0 }]
targets: [{ backend: model, kernels: [5.15.126, 5.15.127, 6.6] }]
expect:
  - when: { loader: old, kernel: ">=5.15.127 <6.4", devices: ">=23" }
    verdict: rejected
    errno: ENOSPC
  - when: { loader: new }
    verdict: accepted
`;
  const s = scenario(text);
  const cells = expandCells(s);
  t.equal(cells.length, 64 * 2 * 3);
  const find = (devices: number, loader: string, kernel: string) =>
    cells.find(
      (c) => c.program.params.devices === devices && c.loader.id === loader && c.target.kernel.id === kernel,
    )!;
  t.same(
    rulesFor(s, find(23, "old", "5.15.127")).map((r) => r.index),
    [0],
  );
  t.same(
    rulesFor(s, find(22, "old", "5.15.127")).map((r) => r.index),
    [],
  );
  t.same(
    rulesFor(s, find(23, "old", "5.15.126")).map((r) => r.index),
    [],
  );
  t.same(
    rulesFor(s, find(23, "old", "6.6")).map((r) => r.index),
    [],
  );
  t.same(
    rulesFor(s, find(64, "new", "6.6")).map((r) => r.index),
    [1],
  );
  t.same(
    rulesFor(s, find(23, "old", "5.15.127"), "6.6.1").map((r) => r.index),
    [],
    "a known release wins over the id",
  );
  const p = problems(
    text
      .replace("loader: old, kernel", "loader: olf, kernel")
      .replace('devices: ">=23"', 'devcies: ">=23"')
      .replace("verdict: accepted", "note: x"),
  );
  t.match(
    p.join("\n"),
    /expect\[0\]\.when\.loader: no loader "olf" in this scenario \(did you mean "old"\?\)/,
  );
  t.match(
    p.join("\n"),
    /unknown key "devcies": neither a selector nor a generator parameter \(did you mean "devices"\?\)/,
  );
  t.match(p.join("\n"), /expect\[1\]: says nothing to check/);
});

t.test("generators known to the lab: names and params are checked", async (t) => {
  const generators = [
    {
      name: "slurm-device",
      params: [
        { name: "devices", default: undefined },
        { name: "deny", default: "none" },
      ],
    },
  ];
  t.same(problems(`${HEAD}targets: [{ backend: host }]\n`, { generators }), []);
  const p = problems(
    "name: s\nprograms:\n  - { id: a, generator: slurm-devise, params: { devices: 1 } }\n  - { id: b, generator: slurm-device, params: { devics: 2 } }\ntargets: [{ backend: host }]\n",
    { generators },
  );
  t.match(p[0], /unknown generator "slurm-devise" \(did you mean "slurm-device"\?\)/);
  t.match(p.join("\n"), /generator slurm-device has no parameter "devics" \(did you mean "devices"\?\)/);
  t.match(p.join("\n"), /needs params: \{ devices: \.\.\. \}/);
});

t.test("probes pick one program instance and a loader", async (t) => {
  const probe = (extra: string) =>
    `${HEAD}loaders: [{ id: l1 }, { id: l2 }]\ntargets: [{ backend: host }]\nprobes:\n  - id: p\n    cgroup_device:\n${extra}      devices: [{ type: c, major: 1, minor: 3, expect: allowed }]\n`;
  const s = scenario(probe("      program: slurm\n      params: { devices: 8 }\n      loader: l1\n"));
  t.equal(s.probes[0]!.cgroupDevice.program?.key, "slurm[devices=8]");
  t.equal(s.probes[0]!.cgroupDevice.loader?.id, "l1");
  t.same(s.probes[0]!.backends, ["host", "qemu"]);
  t.equal(s.probes[0]!.cgroupDevice.devices[0]!.access, "rw");
  const none = scenario(probe("      program: none\n"));
  t.equal(none.probes[0]!.cgroupDevice.program, null);
  const p = problems(probe("      program: slurm\n"));
  t.match(p.join("\n"), /"slurm" has 64 instances; pick one with params:/);
  t.match(p.join("\n"), /say which loader loads "slurm"/);
});

t.test("the model takes the same kernel ids as qemu, for side-by-side cells", async (t) => {
  const s = scenario(`${HEAD}targets: [{ backend: model, kernels: [debian:5.10, deb-6.1-arm] }]\n`);
  t.same(
    s.targets.map((x) => [x.key, x.kernel.kind]),
    [
      [`model:debian:5.10/${s.targets[0]!.arch}`, "debian"],
      ["model:deb-6.1-arm/arm64", "image"],
    ],
  );
});

t.test("rules that can match no cell are found; unknown host versions may match", async (t) => {
  const { unmatchedRules } = await import("../../lab/config/select.js");
  const s = scenario(`${HEAD}loaders: [{ id: a }, { id: b }]
targets: [{ backend: model, kernels: [5.15.127] }, { backend: host }]
expect:
  - when: { loader: a, kernel: ">=7.0", backend: model }
    verdict: accepted
  - when: { kernel: ">=7.0" }
    verdict: accepted
  - when: { loader: b, devices: ">=100" }
    verdict: accepted
  - when: { loader: b, devices: 64 }
    verdict: accepted
`);
  t.same(
    unmatchedRules(s, expandCells(s)).map((r) => r.index),
    [0, 2],
    "model 5.15.127 is not >=7.0; the host might be; no program has 100 devices",
  );
});
