/** `lab doctor --json` reports this machine's real state: each check compared with a direct look. */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import t from "tap";
import { hostArch } from "../../lab/arch.js";
import { writeAccelCache } from "../../lab/kernel/qemu/accel.js";
import { runLab } from "../helpers/cli.js";

interface Row {
  id: string;
  title: string;
  status: "ok" | "warn" | "missing";
  detail: string;
  how: string;
  fix: string | null;
}

const cache = mkdtempSync(join(tmpdir(), "lab-doctor-cache-"));
writeFileSync(join(cache, "blob"), Buffer.alloc(1000));
const run = runLab(["doctor", "--json"], { env: { LAB_CACHE: cache } });
const rows: Row[] = JSON.parse(run.stdout);
const byId = new Map(rows.map((r) => [r.id, r]));
const found = (command: string) => spawnSync("which", [command]).status === 0;

t.test("--json is the array of checks, exit 0", async (t) => {
  t.equal(run.status, 0, run.stderr);
  t.ok(Array.isArray(rows));
  for (const row of rows) {
    t.same(Object.keys(row), ["id", "title", "status", "detail", "how", "fix"]);
    t.ok(["ok", "warn", "missing"].includes(row.status));
    if (row.status !== "ok") t.ok(row.fix, `${row.id} says how to fix it`);
  }
  for (const id of [
    "root",
    "bpf",
    "cgroup2",
    "qemu-x86_64",
    "qemu-arm64",
    "kvm",
    "cc-x86_64",
    "cc-arm64",
    "clang",
    "busybox-x86_64",
    "busybox-arm64",
    "docker",
    "cache",
    "apt",
  ]) {
    t.ok(byId.has(id), id);
  }
});

t.test("each check agrees with a direct look at the machine", async (t) => {
  t.equal(byId.get("qemu-x86_64")!.status === "ok", found("qemu-system-x86_64"));
  t.equal(byId.get("qemu-arm64")!.status === "ok", found("qemu-system-aarch64"));
  t.equal(byId.get("cc-arm64")!.status === "ok", found("aarch64-linux-gnu-gcc"));
  t.equal(byId.get("clang")!.status !== "missing", found("clang"));
  t.equal(byId.get("root")!.status === "ok", process.getuid?.() === 0);
  const cgroup2 = / - cgroup2 /.test(readFileSync("/proc/self/mountinfo", "utf8"));
  t.equal(byId.get("cgroup2")!.status === "ok", cgroup2);
  const kvm = byId.get("kvm")!;
  const vmx = /\b(vmx|svm)\b/.test(readFileSync("/proc/cpuinfo", "utf8"));
  if (!existsSync("/dev/kvm")) t.match(kvm.detail, /no \/dev\/kvm/);
  else if (process.arch === "x64") t.equal(kvm.status === "ok", vmx, "KVM is usable only with vmx/svm");
  t.match(byId.get("cache")!.detail, new RegExp(`^${cache}: 1000 B in 1 files`));
});

t.test(
  "bpf(): a real load probe where root and bpftool are",
  { skip: process.getuid?.() === 0 && found("bpftool") ? false : "needs root and bpftool" },
  async (t) => {
    const bpf = byId.get("bpf")!;
    t.match(bpf.how, /bpftool feature probe/);
    t.equal(bpf.status, "ok");
    t.match(bpf.detail, /cgroup_device included/);
  },
);

t.test("with an empty PATH every tool is missing, each with its apt package", async (t) => {
  const bare = runLab(["doctor", "--json"], { env: { PATH: "/nonexistent" } });
  t.equal(bare.status, 0);
  const r = new Map((JSON.parse(bare.stdout) as Row[]).map((x) => [x.id, x]));
  t.equal(r.get("qemu-x86_64")!.status, "missing");
  t.equal(r.get("qemu-x86_64")!.fix, "apt-get install qemu-system-x86");
  t.equal(r.get("qemu-arm64")!.fix, "apt-get install qemu-system-arm");
  t.equal(r.get("cc-arm64")!.fix, "apt-get install gcc-aarch64-linux-gnu libc6-dev-arm64-cross");
  t.equal(r.get("clang")!.fix, "apt-get install clang llvm");
  t.equal(r.get("bpftool")!.status, "missing");
  t.equal(r.get("bpf")!.status === "ok", false, "without bpftool the syscall is not claimed to work");
});

t.test("the text report fits one screen", async (t) => {
  const text = runLab(["doctor"]);
  t.equal(text.status, 0);
  t.match(text.stdout, /^lab doctor: what this machine can do for the lab\n/);
  t.ok(text.stdout.split("\n").length <= 40, "at most 40 lines");
  t.match(text.stdout, /\d+ ok, \d+ warnings, \d+ missing/);
});

t.test(
  "KVM: the QEMU backend's boot probe, when cached, is what doctor reports",
  { skip: existsSync("/dev/kvm") ? false : "no /dev/kvm here" },
  async (t) => {
    const dir = mkdtempSync(join(tmpdir(), "lab-doctor-accel-"));
    writeAccelCache(dir, hostArch(), {
      kvm: false,
      reason: "a KVM boot timed out",
      measuredAt: "2026-01-02T03:04:05Z",
    });
    const r = runLab(["doctor", "--json"], { env: { LAB_CACHE: dir } });
    const kvm = (JSON.parse(r.stdout) as Row[]).find((x) => x.id === "kvm")!;
    t.equal(kvm.status, "warn");
    t.match(kvm.detail, /unusable here: a KVM boot timed out \(probed 2026-01-02\)/);
  },
);

t.test("lab.yaml's cache_dir and the archive environment are what the checks report", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "lab-doctor-cwd-"));
  writeFileSync(join(dir, "lab.yaml"), "defaults: { cache_dir: /srv/lab-cache-test }\n");
  const mirror = "http://mirror.example.invalid/debian";
  const r = runLab(["doctor", "--json"], { cwd: dir, env: { LAB_CACHE: "", LAB_DEBIAN_ARCHIVE: mirror } });
  const rows2 = new Map((JSON.parse(r.stdout) as Row[]).map((x) => [x.id, x]));
  t.equal(rows2.get("cache")!.detail, "/srv/lab-cache-test (not created yet)");
  t.equal(rows2.get("lab-yaml")!.status, "ok");
  t.match(
    rows2.get("apt")!.detail,
    new RegExp(`^archive ${mirror}, security \\S+ \\(from \\$LAB_DEBIAN_ARCHIVE\\)`),
  );
});

t.test(
  "another arch's busybox: cached in the image cache, or fetched later",
  {
    skip:
      process.arch === "x64" && found("aarch64-linux-gnu-gcc")
        ? false
        : "needs an x86_64 host with aarch64-linux-gnu-gcc",
  },
  async (t) => {
    t.match(byId.get("busybox-arm64")!.detail, /^not cached yet/);
    const dir = mkdtempSync(join(tmpdir(), "lab-doctor-bb-"));
    const { mkdirSync } = await import("node:fs");
    mkdirSync(join(dir, "initramfs"));
    writeFileSync(join(dir, "t.c"), "int main(void) { return 0; }\n");
    const target = join(dir, "initramfs", `busybox-${"ab".repeat(32)}`);
    t.equal(spawnSync("aarch64-linux-gnu-gcc", ["-static", "-o", target, join(dir, "t.c")]).status, 0);
    const r = runLab(["doctor", "--json"], { env: { LAB_CACHE: dir } });
    const row = (JSON.parse(r.stdout) as Row[]).find((x) => x.id === "busybox-arm64")!;
    t.equal(row.detail, `cached: ${target} (static)`);
  },
);
