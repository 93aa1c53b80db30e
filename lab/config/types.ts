/**
 * The normalized config values the rest of the lab uses: defaults filled in, ranges expanded,
 * lone values made lists, ids checked and resolved, paths absolute. Every entry keeps `where`,
 * its FILE:LINE:COL, so later stages (the runner) can still point at the line that asked for it.
 */
import type { Arch, BackendName } from "../backend.js";
import type { SourcePos } from "./issues.js";
import type { Comparison } from "./scalars.js";

export type { SourcePos };

// ---------------------------------------------------------------- lab.yaml

export interface KernelConfigRecipe {
  base: "tinyconfig" | "defconfig" | "debian";
  /** base: debian: the prebuilt image whose config is the base */
  debianImage: string | null;
  /** absolute paths */
  fragments: string[];
}

export interface PatchRef {
  /** absolute path */
  file: string;
  sha256: string;
}

interface ImageCommon {
  id: string;
  arch: Arch;
  description: string;
  where: SourcePos;
}

export interface DebianImage extends ImageCommon {
  source: "debian";
  /** "6.1" (newest 6.1.x) or "6.1.170" */
  version: string;
  flavour: "cloud";
}

interface SourceRecipeCommon extends ImageCommon {
  config: KernelConfigRecipe;
  patches: PatchRef[];
  revert: PatchRef[];
}

export interface DebianSourceImage extends SourceRecipeCommon {
  source: "debian-src";
  /** the linux-source-<version> line: "5.10", "6.1", "6.12" */
  version: string;
}

export interface KernelOrgImage extends SourceRecipeCommon {
  source: "kernel.org";
  version: string;
  /** absolute path of a local tarball, or null to download */
  tarball: string | null;
  sha256: string | null;
}

export interface PathImage extends SourceRecipeCommon {
  source: "path";
  /** absolute path of the kernel tree */
  path: string;
}

export type ImageRecipe = DebianImage | DebianSourceImage | KernelOrgImage | PathImage;

export interface LabConfig {
  /** absolute path of lab.yaml, or null for the built-in empty config */
  file: string | null;
  images: Record<string, ImageRecipe>;
  /** archive overrides; null: take it from the machine's apt sources */
  archive: { debian: string | null; security: string | null };
  defaults: {
    concurrency: number;
    /** from lab.yaml (absolute, ~ expanded), or null; see resolveCacheDir() */
    cacheDir: string | null;
    accel: "auto" | "kvm" | "tcg";
  };
  /** absolute paths of the scenario files `lab run` runs with no file */
  defaultJob: string[];
}

// ---------------------------------------------------------------- scenarios

export type ParamScalar = number | boolean | string;
/** a generator parameter's value: ranges and `each:` are already expanded; lists and mappings pass through */
export type ParamValue = ParamScalar | ParamValue[] | { [key: string]: ParamValue };

export type ProgramSource =
  | { kind: "file"; path: string; section: string | null; prog: string | null }
  | { kind: "generator"; name: string };

/** One program to load: a file, or one instance of a generator (one value of each ranged param). */
export interface ScenarioProgram {
  /** the id written in the scenario (shared by all instances of a generator) */
  id: string;
  /** unique within the scenario: the id, plus `[devices=23]` for generated instances with ranged params */
  key: string;
  source: ProgramSource;
  /** this instance's parameter values (generators), as written after expansion; {} for files */
  params: Record<string, ParamValue>;
  progType: string | null;
  expectedAttachType: string | null;
  description: string;
  where: SourcePos;
}

/** A way of loading: the options a loader (Slurm 22.05, 23.02.4, ...) passes to bpf(). */
export interface ScenarioLoader {
  id: string;
  description: string;
  logLevel: number;
  /** bytes; 16 MiB when logLevel > 0 and not given, 0 when logLevel is 0 */
  logSize: number;
  /** bytes, or null to leave RLIMIT_MEMLOCK alone */
  memlockRlimit: number | null;
  statsReload: boolean;
  progFlags: number;
  where: SourcePos;
}

/**
 * How a kernel id resolved (CONTRACT.md): model: a version or `host`; qemu: an image of lab.yaml
 * or `debian:<version>`; host: `host`.
 */
export type KernelRef =
  | { kind: "model-version"; id: string; version: string }
  | { kind: "host"; id: "host" }
  | { kind: "image"; id: string; image: ImageRecipe }
  | { kind: "debian"; id: string; version: string };

/** One place to load: a backend, a kernel and an arch. */
export interface ScenarioTarget {
  /** unique: `model:5.15.127/x86_64`, `qemu:debian:6.1/arm64`, `host:host/x86_64` */
  key: string;
  backend: BackendName;
  kernel: KernelRef;
  arch: Arch;
  /** qemu only */
  accel: "auto" | "kvm" | "tcg";
  /** model only: feature toggles such as +log_rotate */
  features: string[];
  where: SourcePos;
}

export type KernelSelector =
  | { kind: "id"; id: string }
  /** every comparison must hold; `=` compares the parts written (6.1 matches 6.1.170) */
  | { kind: "version"; comparisons: Comparison<number[]>[]; text: string };

export type ParamCondition =
  | { kind: "compare"; comparisons: Comparison<number>[] }
  | { kind: "equals"; value: ParamScalar }
  | { kind: "oneOf"; values: ParamScalar[] };

/** null in a field: that field does not narrow the selection */
export interface Selector {
  programs: string[] | null;
  loaders: string[] | null;
  backends: BackendName[] | null;
  kernels: KernelSelector[] | null;
  arches: Arch[] | null;
  params: Record<string, ParamCondition>;
}

/** The outcome an expectation asks for; undefined fields are not checked. */
export interface ExpectedOutcome {
  verdict?: "accepted" | "rejected";
  /** null: no errno (the load succeeded) */
  errno?: string | null;
  /** codes the result's diagnosis must include */
  diagnosis?: string[];
  modelAgrees?: boolean;
  logContains?: string;
}

export interface ExpectRule {
  index: number;
  when: Selector;
  outcome: ExpectedOutcome;
  note: string;
  where: SourcePos;
}

export interface DeviceProbe {
  type: "c" | "b";
  major: number;
  minor: number;
  access: string;
  expect: "allowed" | "denied";
  note: string;
  where: SourcePos;
}

export interface ScenarioProbe {
  id: string;
  description: string;
  backends: Array<"host" | "qemu">;
  cgroupDevice: {
    /** the program instance to attach, or null for none */
    program: ScenarioProgram | null;
    loader: ScenarioLoader | null;
    onLoadFailure: "none" | "skip";
    devices: DeviceProbe[];
  };
  where: SourcePos;
}

export interface Scenario {
  /** absolute path of the scenario file */
  file: string;
  name: string;
  description: string;
  programs: ScenarioProgram[];
  loaders: ScenarioLoader[];
  targets: ScenarioTarget[];
  expect: ExpectRule[];
  probes: ScenarioProbe[];
  where: SourcePos;
}

/** One load the runner performs: program x loader x target. */
export interface Cell {
  /** `<program key>/<loader id>/<target key>`, unique within the scenario */
  key: string;
  program: ScenarioProgram;
  loader: ScenarioLoader;
  target: ScenarioTarget;
}
