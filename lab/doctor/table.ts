/** The checks `lab doctor` runs, in the order it prints them. Add a need of the lab as one more row. */
import { aptCheck } from "./checks/apt.js";
import { cacheCheck } from "./checks/cache.js";
import { cgroup2Check } from "./checks/cgroup.js";
import { labConfigCheck } from "./checks/config.js";
import { dockerCheck } from "./checks/docker.js";
import { kvmCheck, qemuChecks } from "./checks/qemu.js";
import { bpfCheck, bpftoolCheck, rootCheck } from "./checks/system.js";
import { busyboxChecks, clangCheck, compilerChecks } from "./checks/toolchain.js";
import type { Check } from "./types.js";

export const CHECKS: readonly Check[] = [
  rootCheck,
  bpfCheck,
  bpftoolCheck,
  cgroup2Check,
  ...qemuChecks,
  kvmCheck,
  ...compilerChecks,
  clangCheck,
  ...busyboxChecks,
  dockerCheck,
  cacheCheck,
  aptCheck,
  labConfigCheck,
];
