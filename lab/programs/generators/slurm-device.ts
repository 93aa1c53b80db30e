/**
 * The BPF_PROG_TYPE_CGROUP_DEVICE program Slurm's cgroup/v2 plugin builds (src/plugins/cgroup/v2/
 * ebpf.c), reproduced byte for byte. The builder is the same in every release from 22.05.0 to
 * 23.02.8 (and unchanged since); only the load differs: 22.05.x and 23.02.0-23.02.3 load with
 * log_level 1 and an 8192-byte log, 23.02.4 and later with log_level 0 and no log.
 *
 * Shape (written from the program's behaviour, not copied):
 *   init   6 insns: r2 = type (u32 at ctx+0, & 0xffff), r3 = access (ctx+0 >> 16),
 *                   r4 = major (ctx+4), r5 = minor (ctx+8)
 *   rule   per device: one `if rX != imm goto next` for each non-wildcard field, in the order
 *                   type (r2), major (r4), minor (r5), then `r0 = 1|0; exit`
 *   close  `r0 = default; exit` (Slurm always passes "accept")
 * The access bits (r3) are loaded but never checked: Slurm grants every access type.
 */
import { LabError } from "../../errors.js";
import { type Insn, insn } from "../../isa/insn.js";
import * as op from "../../isa/opcodes.js";
import type { Program } from "../../program.js";
import { normalizeSlurmParams, type SlurmDeviceParams, type SlurmDeviceRule } from "./slurm-device-rules.js";

export type { SlurmDeviceParams, SlurmDeviceRule } from "./slurm-device-rules.js";

/** The name Slurm gives the program (bpf_attr.prog_name). */
export const SLURM_PROG_NAME = "Slurm_Cgroup_v2";
/** Slurm's NO_VAL: a major or minor equal to it is a wildcard (no check emitted). */
export const SLURM_NO_VAL = 0xfffffffe;
/** BPF_DEVCG_DEV_BLOCK / BPF_DEVCG_DEV_CHAR, the only types Slurm checks. */
export const DEVCG_DEV = { b: 1, c: 2 } as const;

/** How each Slurm line loads the program (log buffer on the stack of load_ebpf_prog). */
export const SLURM_LOAD_SETTINGS = [
  { versions: "22.05.0-22.05.11, 23.02.0-23.02.3", logLevel: 1, logSize: 8192 },
  { versions: "23.02.4 and later", logLevel: 0, logSize: 0 },
] as const;

const REG = { type: 2, access: 3, major: 4, minor: 5 } as const;

/** Generate the program for a device list (or a count of GPU-like devices). */
export function slurmDeviceProgram(params: SlurmDeviceParams): Program {
  const normalized = normalizeSlurmParams(params);
  return {
    name: SLURM_PROG_NAME,
    insns: buildSlurmInsns(normalized.rules, normalized.defaultAllow),
    progType: "cgroup_device",
    expectedAttachType: null,
    license: "GPL",
    maps: [],
    relocations: [],
    source: { origin: "generator:slurm-device", format: "generator" },
  };
}

/** The instructions for already-normalized rules. */
export function buildSlurmInsns(rules: readonly SlurmDeviceRule[], defaultAllow: boolean): Insn[] {
  const out: Insn[] = initInsns();
  rules.forEach((rule, index) => {
    out.push(...ruleInsns(rule, index));
  });
  out.push(...returnInsns(defaultAllow));
  return out;
}

function initInsns(): Insn[] {
  const ldxW = op.BPF_LDX | op.BPF_W | op.BPF_MEM;
  return [
    insn(ldxW, REG.type, 1, 0, 0),
    insn(op.BPF_ALU | op.BPF_AND | op.BPF_K, REG.type, 0, 0, 0xffff),
    insn(ldxW, REG.access, 1, 0, 0),
    insn(op.BPF_ALU | op.BPF_RSH | op.BPF_K, REG.access, 0, 0, 16),
    insn(ldxW, REG.major, 1, 4, 0),
    insn(ldxW, REG.minor, 1, 8, 0),
  ];
}

function ruleInsns(rule: SlurmDeviceRule, index: number): Insn[] {
  const checks: Array<[number, number]> = [];
  if (rule.type !== "a") checks.push([REG.type, DEVCG_DEV[rule.type]]);
  if (rule.major !== "*" && rule.major !== SLURM_NO_VAL) checks.push([REG.major, rule.major]);
  if (rule.minor !== "*" && rule.minor !== SLURM_NO_VAL) checks.push([REG.minor, rule.minor]);
  if (checks.length === 0) {
    // Slurm's add_device_ebpf_prog refuses such a rule ("At least one parameter needs to not be a
    // wildcard") and adds nothing; a lab user asking for it has made a mistake.
    throw new LabError("LAB_ARGS_INVALID", `device rule ${index} (${describeRule(rule)}) is all wildcards`, {
      where: { value: describeRule(rule) },
      hint: "Slurm rejects a rule with no type, major or minor; give at least one of them",
    });
  }
  const jne = op.BPF_JMP | op.BPF_JNE | op.BPF_K;
  const out = checks.map(([reg, value], k) => insn(jne, reg, 0, checks.length + 1 - k, value | 0));
  out.push(...returnInsns(rule.allow));
  return out;
}

function returnInsns(allow: boolean): Insn[] {
  return [
    insn(op.BPF_ALU64 | op.BPF_MOV | op.BPF_K, 0, 0, 0, allow ? 1 : 0),
    insn(op.BPF_JMP | op.BPF_EXIT, 0, 0, 0, 0),
  ];
}

export function describeRule(rule: SlurmDeviceRule): string {
  return `${rule.type} ${rule.major}:${rule.minor} ${rule.allow ? "allow" : "deny"}`;
}
