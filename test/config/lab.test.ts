import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import t from "tap";
import { ConfigError } from "../../lab/config/issues.js";
import { findLabConfig, loadConfigFile, loadScenarioFile } from "../../lab/config/load.js";
import { validateDocument } from "../../lab/config/validate.js";
import { REPO_ROOT } from "../helpers/cli.js";

t.test("the repository's lab.yaml: the Debian images and the default job", async (t) => {
  const lab = loadConfigFile(join(REPO_ROOT, "lab.yaml"));
  const debian = Object.keys(lab.images).filter((id) => lab.images[id]!.source === "debian");
  t.same(debian.sort(), [
    "debian-5.10-amd64",
    "debian-5.10-arm64",
    "debian-6.1-amd64",
    "debian-6.1-arm64",
    "debian-6.12-amd64",
    "debian-6.12-arm64",
  ]);
  t.same(lab.images["debian-6.1-arm64"], {
    id: "debian-6.1-arm64",
    arch: "arm64",
    description: "",
    where: lab.images["debian-6.1-arm64"]!.where,
    source: "debian",
    version: "6.1",
    flavour: "cloud",
  });
  t.same(lab.defaultJob, [join(REPO_ROOT, "scenarios", "slurm-cgroup-device.yaml")]);
  t.equal(lab.defaults.concurrency, 2);
});

t.test("the shipped Slurm scenario validates and resolves against lab.yaml", async (t) => {
  const s = loadScenarioFile(join(REPO_ROOT, "scenarios", "slurm-cgroup-device.yaml"));
  t.equal(s.programs.filter((p) => p.id === "slurm").length, 64, "slurm: one program per device count 1..64");
  t.same(
    s.programs.filter((p) => p.id === "slurm-confine").map((p) => p.key),
    ["slurm-confine[devices=8]", "slurm-confine[devices=30]"],
  );
  t.same(
    s.loaders.map((l) => [l.id, l.logLevel, l.logSize]),
    [
      ["slurm-22.05", 1, 8192],
      ["slurm-23.02.4", 0, 0],
    ],
  );
  const keys = s.targets.map((x) => x.key);
  for (const key of [
    "qemu:debian:5.10/x86_64",
    "qemu:debian:6.1/arm64",
    "model:5.15.127/x86_64",
    "model:5.15.126/x86_64",
  ]) {
    t.ok(
      keys.some((k) => k.startsWith(key.split("/")[0]!)),
      key,
    );
  }
  t.same(
    s.probes.map((p) => p.cgroupDevice.program?.key),
    ["slurm-confine[devices=8]", "slurm-confine[devices=30]"],
  );
});

t.test("source recipes: paths resolved, base debian rules, patches pinned", async (t) => {
  const text = `images:
  deb: { source: debian, version: "6.1", arch: x86_64 }
  src:
    source: debian-src
    version: "6.1"
    arch: x86_64
    config: { base: debian, debian_image: deb, fragments: [images/config/bpf.config] }
    revert: [{ file: p/1.patch, sha256: ${"a".repeat(64)} }]
  tree: { source: path, path: ../linux, arch: arm64, config: { base: debian, debian_image: deb } }
  k: { source: kernel.org, version: 5.15.127, arch: x86_64 }
default: [a.yaml, b.yaml]
`;
  const e = (() => {
    try {
      validateDocument(text, "/w/lab.yaml", "lab");
    } catch (error) {
      return error as ConfigError;
    }
  })();
  t.ok(e instanceof ConfigError);
  t.match(
    e!.message,
    /images\.tree\.config\.debian_image: "deb" is for x86_64, this recipe builds for arm64/,
  );
  const lab = validateDocument(text.replace("arch: arm64", "arch: x86_64"), "/w/lab.yaml", "lab").value;
  const src = lab.images.src!;
  t.equal(src.source, "debian-src");
  if (src.source === "debian-src") {
    t.same(src.config.fragments, ["/w/images/config/bpf.config"]);
    t.same(src.revert, [{ file: "/w/p/1.patch", sha256: "a".repeat(64) }]);
  }
  t.equal(lab.images.k!.source === "kernel.org" && lab.images.k!.version, "5.15.127");
  t.same(lab.defaultJob, ["/w/a.yaml", "/w/b.yaml"]);
});

t.test("image entries need a known source; wrong ones say which", async (t) => {
  try {
    validateDocument(
      "images:\n  a: { source: debain, version: '6.1', arch: x86_64 }\n  b: { version: '6.1' }\n",
      "lab.yaml",
      "lab",
    );
    t.fail("should throw");
  } catch (error) {
    const e = error as ConfigError;
    t.match(
      e.issues[0]!.message,
      /images\.a\.source: expected one of debian, debian-src, kernel\.org, path, got the string "debain" \(did you mean "debian"\?\)/,
    );
    t.same([e.issues[0]!.line, e.issues[0]!.col], [2, 16]);
    t.match(e.issues[1]!.message, /images\.b: missing required key "source"/);
  }
});

t.test("files: a missing default job is reported; lab.yaml is found above a scenario", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "lab-config-"));
  writeFileSync(
    join(dir, "lab.yaml"),
    "images:\n  d61: { source: debian, version: '6.1', arch: arm64 }\ndefault: missing.yaml\n",
  );
  t.throws(() => loadConfigFile(join(dir, "lab.yaml")), {
    code: "LAB_CONFIG_INVALID",
    message: /default: default job scenario not found/,
  });
  writeFileSync(join(dir, "lab.yaml"), "images:\n  d61: { source: debian, version: '6.1', arch: arm64 }\n");
  const { mkdirSync } = await import("node:fs");
  mkdirSync(join(dir, "sub"));
  writeFileSync(
    join(dir, "sub", "s.yaml"),
    "name: s\nprograms: [{ id: p, file: p.bin }]\ntargets: [{ backend: qemu, kernels: d61 }]\n",
  );
  t.equal(findLabConfig(join(dir, "sub")), join(dir, "lab.yaml"));
  t.throws(() => loadScenarioFile(join(dir, "sub", "s.yaml")), {
    code: "LAB_CONFIG_INVALID",
    message: /program file not found/,
  });
  writeFileSync(join(dir, "sub", "p.bin"), Buffer.alloc(8));
  const s = loadScenarioFile(join(dir, "sub", "s.yaml"));
  t.equal(s.targets[0]!.kernel.kind, "image");
  t.equal(s.targets[0]!.arch, "arm64");
  t.throws(() => loadScenarioFile(join(dir, "nope.yaml")), { code: "LAB_FILE_NOT_FOUND" });
});
