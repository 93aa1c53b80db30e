/**
 * Slurm's own program builder, made runnable for the parity test: fetch Debian's slurm-wlm source
 * package (verified, cached), extract only src/plugins/cgroup/v2/ebpf.[ch], apply the Debian
 * patches that touch them, and compile them with the lab's driver (test/fixtures/slurm/driver.c and
 * its stub headers). Everything lands in a temp dir; Slurm's code is never written into the repo.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SLURM_NO_VAL } from "../../../lab/programs/generators/slurm-device.js";
import type { SlurmDeviceRule } from "../../../lab/programs/generators/slurm-device-rules.js";
import { REPO_ROOT } from "../../helpers/cli.js";
import { ArchiveUnreachable, fetchSourcePackage } from "../../helpers/debian-source.js";

const FIXTURES = join(REPO_ROOT, "test", "fixtures", "slurm");
const ORIG = /\.orig\.tar\.[a-z0-9]+$/;
const DEBIAN = /\.debian\.tar\.[a-z0-9]+$/;
const WANTED = ["src/plugins/cgroup/v2/ebpf.c", "src/plugins/cgroup/v2/ebpf.h"];

export interface SlurmRun {
  bytes: Uint8Array;
  /** add_device_ebpf_prog's return code per rule */
  rcs: number[];
}

export interface SlurmBuilder {
  version: string;
  /** Debian patches applied to ebpf.[ch] */
  patches: string[];
  run(rules: readonly SlurmDeviceRule[], defaultAllow: boolean): SlurmRun;
  dispose(): void;
}

/**
 * Build the driver, or return why it cannot be built here (the test skips with that reason).
 * `debianPatches: false` builds upstream's file from the .orig tarball alone.
 */
export async function buildSlurmBuilder(
  suite = "bookworm",
  debianPatches = true,
): Promise<SlurmBuilder | string> {
  for (const tool of ["gcc", "tar", "xz", "gpgv", "patch"]) {
    if (spawnSync("sh", ["-c", `command -v ${tool}`]).status !== 0) return `${tool} is not installed`;
  }
  let pkg: Awaited<ReturnType<typeof fetchSourcePackage>>;
  try {
    const only = (name: string) => ORIG.test(name) || (debianPatches && DEBIAN.test(name));
    pkg = await fetchSourcePackage("slurm-wlm", { suite, only });
  } catch (error) {
    if (error instanceof ArchiveUnreachable) return error.message;
    throw error;
  }
  const orig = pkg.files.find((f) => ORIG.test(f.name));
  const debian = pkg.files.find((f) => DEBIAN.test(f.name));
  if (!orig || (debianPatches && !debian))
    throw new Error(`slurm-wlm ${pkg.version}: no orig or debian tarball`);
  const dir = mkdtempSync(join(tmpdir(), "lab-slurm-"));
  try {
    const src = join(dir, "src");
    execFileSync("mkdir", ["-p", src]);
    const members = WANTED.map((p) => `*/${p}`);
    execFileSync("tar", [
      "-xf",
      pkg.paths[orig.name]!,
      "-C",
      src,
      "--strip-components=1",
      "--wildcards",
      ...members,
    ]);
    for (const p of WANTED) if (!existsSync(join(src, p))) throw new Error(`${orig.name} has no ${p}`);
    const patches = debian && debianPatches ? applyDebianPatches(pkg.paths[debian.name]!, dir, src) : [];
    const ebpfDir = join(src, "src/plugins/cgroup/v2");
    const driver = join(dir, "driver");
    const include = join(FIXTURES, "include");
    const sources = [join(FIXTURES, "driver.c"), join(ebpfDir, "ebpf.c")];
    execFileSync("gcc", [
      "-std=gnu11",
      "-O1",
      "-w",
      `-I${ebpfDir}`,
      `-I${include}`,
      ...sources,
      "-o",
      driver,
    ]);
    return {
      version: debianPatches
        ? pkg.version
        : `${pkg.version.replace(/-[^-]*$/, "")} (upstream, no Debian patches)`,
      patches,
      run: (rules, defaultAllow) => runDriver(driver, dir, rules, defaultAllow),
      dispose: () => rmSync(dir, { recursive: true, force: true }),
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

function runDriver(driver: string, dir: string, rules: readonly SlurmDeviceRule[], allow: boolean): SlurmRun {
  const field = (v: number | "*") => (v === "*" ? SLURM_NO_VAL : v);
  const type = (t: SlurmDeviceRule["type"]) => (t === "b" ? 1 : t === "c" ? 2 : SLURM_NO_VAL);
  const lines = [`default ${allow ? 1 : 0}`];
  for (const r of rules)
    lines.push(`dev ${type(r.type)} ${field(r.major)} ${field(r.minor)} ${r.allow ? 1 : 0}`);
  const out = join(dir, "out.bin");
  const result = spawnSync(driver, [out], { input: `${lines.join("\n")}\n`, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`slurm driver failed (${result.status}): ${result.stderr}`);
  const rcs = [...result.stdout.matchAll(/^rc \d+ (-?\d+)$/gm)].map((m) => Number(m[1]));
  return { bytes: new Uint8Array(readFileSync(out)), rcs };
}

/** Apply, in series order, the parts of Debian's patches that touch the files we extracted. */
function applyDebianPatches(debianTar: string, dir: string, src: string): string[] {
  execFileSync("tar", ["-xf", debianTar, "-C", dir, "--wildcards", "debian/patches/*"]);
  const patchDir = join(dir, "debian", "patches");
  const seriesFile = join(patchDir, "series");
  if (!existsSync(seriesFile)) return [];
  const applied: string[] = [];
  for (const line of readFileSync(seriesFile, "utf8").split("\n")) {
    const name = line.replace(/#.*/, "").trim().split(/\s+/)[0];
    if (!name) continue;
    const part = filterPatch(readFileSync(join(patchDir, name), "utf8"), WANTED);
    if (!part) continue;
    const file = join(dir, `${name.replace(/\//g, "_")}.part`);
    writeFileSync(file, part);
    execFileSync("patch", ["-p1", "--batch", "--forward", "-d", src, "-i", file]);
    applied.push(name);
  }
  return applied;
}

/**
 * The sections of a unified diff whose target (the `+++` path without its first component, as
 * `patch -p1` sees it) is one of `paths`; "" when none is.
 */
export function filterPatch(text: string, paths: readonly string[]): string {
  const lines = text.split("\n");
  const kept: string[] = [];
  let keep = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const next = lines[i + 1] ?? "";
    if (line.startsWith("--- ") && next.startsWith("+++ ")) {
      const target = next.slice(4).split("\t")[0]!.trim().split("/").slice(1).join("/");
      keep = paths.includes(target);
    } else if (/^(diff |Index: )/.test(line)) {
      keep = false;
    }
    if (keep) kept.push(line);
  }
  return kept.length > 0 ? `${kept.join("\n")}\n` : "";
}
