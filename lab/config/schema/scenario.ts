/**
 * The shape of a scenario file (scenarios/README.md explains every key with an example). The shape
 * check, and the published scenario.schema.json, both come from this one definition.
 */
import { ARCH_NAMES, ARCHES } from "../../arch.js";
import { BACKEND_NAMES } from "../../backend.js";
import { DEVICE_EXPECTATIONS, ERRNO_NAMES, PROG_TYPES } from "../names.js";
import { SIZE_PATTERN } from "../scalars.js";
import {
  anyOf,
  anything,
  bool,
  type DocumentSchema,
  int,
  list,
  listOrOne,
  nul,
  obj,
  oneOfStrings,
  optional,
  record,
  required,
  type StringSchema,
  str,
} from "./dsl.js";

export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._+-]*$/;
export const id = (): StringSchema => str({ pattern: ID_PATTERN, words: "an id (letters, digits, . _ + -)" });

/** x86_64 | arm64, with the other names people use (Debian's, uname's) pointing at them */
export const archName = (): StringSchema => ({
  type: "string",
  enum: ARCH_NAMES,
  aliases: Object.fromEntries(
    Object.values(ARCHES).flatMap((row) => [
      [row.debian, row.arch],
      [row.uname, row.arch],
    ]),
  ),
});

export const size = () =>
  anyOf(
    [int(0), str({ pattern: SIZE_PATTERN, words: 'a size such as "64k" or "8M"' })],
    'bytes, or a size such as "64k" or "8M"',
  );

const kernelId = () =>
  str({
    numberAsText: true,
    pattern: /^[A-Za-z0-9][A-Za-z0-9.:_+~-]*$/,
    words: "a kernel id: a model version (5.15.127), host, an image id from lab.yaml, or debian:<version>",
  });

const paramScalar = () =>
  anyOf([int(), bool(), str({ numberAsText: true })], "a number, true/false or a word");
const PARAM_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const paramValue = () =>
  anyOf(
    [
      int(),
      bool(),
      str({ numberAsText: true }),
      obj({ each: required(list(anything(), { minItems: 1 }), "the values, one program per value") }),
      list(anything()),
      record(anything()),
    ],
    "a value, a range such as 1..64 or 1..64:8 (one program per value), {each: [values]}, or a list or mapping the generator takes",
  );
const paramCondition = () =>
  anyOf(
    [int(), bool(), str({ numberAsText: true }), list(paramScalar())],
    'a value, a comparison such as ">=23", a range such as 8..32, or a list of values',
  );

const program = obj({
  id: required(id(), "the program's id, used by loaders, expect and probes"),
  description: optional(str(), "what the program is"),
  file: optional(str(), "a program file (.o, .bin, .s/.asm), relative to the scenario file"),
  generator: optional(id(), "a program generator's name (instead of file:), e.g. slurm-device"),
  params: optional(
    record(paramValue(), { keyPattern: PARAM_NAME, keyWords: "a parameter name (letters, digits, _)" }),
    "generator parameters; a range (devices: 1..64) or {each: [...]} expands to one program per value",
  ),
  prog_type: optional(
    str({ enum: PROG_TYPES, words: "a program type such as cgroup_device, xdp, socket_filter" }),
    "the program type, the kernel's name without BPF_PROG_TYPE_",
  ),
  expected_attach_type: optional(
    str({ pattern: /^[a-z][a-z0-9_]*$/, words: "an attach type without BPF_, lower case (cgroup_device)" }),
    "expected_attach_type for the load",
  ),
  section: optional(str(), "ELF objects: the section holding the program"),
  prog: optional(str(), "ELF objects: the program's function name"),
});

const loader = obj({
  id: required(id(), "the loader's id (e.g. slurm-22.05)"),
  description: optional(str(), "who loads this way"),
  log_level: optional(int(0, 7), "verifier log level: 0, 1, 2, 4 or sums [1]"),
  log_size: optional(size(), "log buffer in bytes [16M when log_level > 0, else 0]"),
  memlock_rlimit: optional(size(), "RLIMIT_MEMLOCK to set before loading [left alone]"),
  stats_reload: optional(bool(), "reload at log level 4 to recover stats a full log lost [true]"),
  prog_flags: optional(int(0), "prog_flags for BPF_PROG_LOAD [0]"),
});

const target = obj({
  backend: required(oneOfStrings(BACKEND_NAMES), "model | host | qemu"),
  kernels: optional(
    listOrOne(kernelId()),
    "kernel ids (see scenarios/README.md); host targets default to [host]",
  ),
  arches: optional(listOrOne(archName()), "x86_64 | arm64 [an image's own arch, else this machine's]"),
  accel: optional(oneOfStrings(["auto", "kvm", "tcg"]), "qemu only: accelerator [auto]"),
  features: optional(
    listOrOne(
      str({
        pattern: /^[+-][a-z0-9_]+$/,
        words: "a feature toggle such as +log_rotate or -precision_backport",
      }),
    ),
    "model only: profile features to switch on (+) or off (-)",
  ),
});

const selector = obj(
  {
    program: optional(listOrOne(id()), "program id(s)"),
    loader: optional(listOrOne(id()), "loader id(s)"),
    backend: optional(listOrOne(oneOfStrings(BACKEND_NAMES)), "backend(s)"),
    kernel: optional(
      listOrOne(str({ numberAsText: true })),
      'kernel id(s), a version (5.15.127, 6.1) or comparisons (">=6.4", ">=5.15 <6.4")',
    ),
    arch: optional(listOrOne(archName()), "arch(es)"),
  },
  { additional: paramCondition(), additionalWords: 'generator parameter conditions such as devices: ">=23"' },
);

const expectation = obj({
  when: optional(selector, "which cells the rule applies to [all]; every key given must match"),
  verdict: optional(oneOfStrings(["accepted", "rejected"]), "the load's verdict"),
  errno: optional(
    anyOf(
      [str({ enum: ERRNO_NAMES, words: "an errno name such as ENOSPC" }), nul()],
      "an errno name such as ENOSPC, or null",
    ),
    "the errno",
  ),
  diagnosis: optional(
    listOrOne(str({ pattern: /^[A-Z][A-Z0-9_]*$/, words: "a diagnosis code such as LOG_OVERFLOW" })),
    "diagnosis code(s) the result carries",
  ),
  model_agrees: optional(
    bool(),
    "whether the model's answer equals the kernel's for the same kernel and arch",
  ),
  log_contains: optional(str(), "text the verifier log contains"),
  note: optional(str(), "why this is expected, for reports"),
});

const device = obj({
  type: required(oneOfStrings(["c", "b"]), "c (character) or b (block)"),
  major: required(int(0, 4095), "major number"),
  minor: required(int(0, 1048575), "minor number"),
  access: optional(str({ pattern: /^[rwm]{1,3}$/, words: "a combination of r, w, m" }), "access to try [rw]"),
  expect: required(oneOfStrings(DEVICE_EXPECTATIONS), "allowed | denied when the program is attached"),
  note: optional(str(), "what the device is, e.g. /dev/null"),
});

const cgroupDevice = obj({
  program: required(id(), "the program to attach, or none"),
  params: optional(record(anything()), "which instance of a generated program (devices: 8)"),
  loader: optional(id(), "the loader whose options load the program"),
  on_load_failure: optional(
    oneOfStrings(["none", "skip"]),
    "when the load fails: probe with nothing attached [none], or skip",
  ),
  devices: required(list(device, { minItems: 1 }), "devices to open in the confined cgroup"),
});

const probe = obj({
  id: required(id(), "the probe's id"),
  description: optional(str(), "what the probe shows"),
  backends: optional(listOrOne(oneOfStrings(["host", "qemu"])), "where the probe runs [host, qemu]"),
  cgroup_device: required(cgroupDevice, "attach a cgroup device program to a child cgroup and open devices"),
});

export const SCENARIO_SCHEMA: DocumentSchema = {
  kind: "scenario",
  title: "lab scenario",
  description:
    "A lab scenario: programs x loaders x targets (kernel x arch x backend), expectations and probes.",
  root: obj({
    name: required(str(), "the scenario's name"),
    description: optional(str(), "what the scenario shows"),
    programs: required(list(program, { minItems: 1 }), "the programs to load"),
    loaders: optional(list(loader, { minItems: 1 }), "load option variants [one loader `default`]"),
    targets: required(list(target, { minItems: 1 }), "where to load: backend x kernels x arches"),
    expect: optional(list(expectation), "expectations that decide pass or fail"),
    probes: optional(list(probe), "probes that check behaviour after loading"),
  }),
};
