/**
 * The Slurm device generator's parameters, and their normalization into rules.
 *
 * A device is `TYPE MAJOR:MINOR [ACCESS] [allow|deny]` in the cgroup v1 devices.allow syntax that
 * Slurm itself logs (gres_device_id2str): TYPE `c` (char), `b` (block) or `a` (any: Slurm's
 * DEV_TYPE_NONE, no type check), MAJOR/MINOR decimal or `*`. Slurm has no `*` of its own in
 * cgroup/v2: a wildcard is NO_VAL (4294967294) in the major or minor, and the builder omits that
 * check; a numeric 4294967294 is therefore a wildcard too. ACCESS (`rwm`) is accepted and ignored,
 * as Slurm ignores it.
 *
 * The count form (`devices: N`) is what Slurm's GPU constraint adds on a node with N NVIDIA GPUs:
 * one rule per /dev/nvidiaI, char major 195, minor I (gres_common.c stats each file), i.e.
 * `c 195:0` ... `c 195:N-1`. Which are denied is chosen with `deny` (indices); the rest are allowed.
 */
import { LabError } from "../../errors.js";

export type DeviceField = number | "*";
export type DeviceType = "a" | "b" | "c";

export interface SlurmDeviceRule {
  type: DeviceType;
  major: DeviceField;
  minor: DeviceField;
  allow: boolean;
}

export interface SlurmDeviceRuleInput {
  type?: DeviceType;
  major?: DeviceField | string;
  minor?: DeviceField | string;
  allow?: boolean;
}

export interface SlurmDeviceParams {
  /** a count of GPU-like devices (c 195:0..N-1) or a list of device rules */
  devices: number | ReadonlyArray<string | SlurmDeviceRuleInput>;
  /** indices of the devices to deny: "all", "none", "1-22,30" or a list of numbers [none] */
  deny?: string | readonly number[];
  /** what the program returns when no rule matched [allow, as Slurm always uses] */
  defaultAction?: "allow" | "deny";
}

export interface NormalizedSlurmParams {
  rules: SlurmDeviceRule[];
  defaultAllow: boolean;
}

export const GPU_MAJOR = 195;
export const MAX_DEVICES = 1_000_000;
const MAX_U32 = 0xffffffff;
const SPEC = /^\s*([abc])\s+(\*|\d+):(\*|\d+)(?:\s+[rwm]+)?(?:\s+(allow|deny))?\s*$/;

export function normalizeSlurmParams(params: SlurmDeviceParams): NormalizedSlurmParams {
  const rules = rulesOf(params.devices);
  for (const index of denyIndices(params.deny, rules.length)) rules[index]!.allow = false;
  const action = params.defaultAction ?? "allow";
  if (action !== "allow" && action !== "deny") {
    throw invalid(`defaultAction must be allow or deny, got ${JSON.stringify(action)}`, action);
  }
  return { rules, defaultAllow: action === "allow" };
}

function rulesOf(devices: SlurmDeviceParams["devices"]): SlurmDeviceRule[] {
  if (typeof devices === "number") {
    if (!Number.isInteger(devices) || devices < 0 || devices > MAX_DEVICES) {
      throw invalid(`devices must be an integer in 0..${MAX_DEVICES} or a list, got ${devices}`, devices);
    }
    return Array.from({ length: devices }, (_, i) => ({
      type: "c",
      major: GPU_MAJOR,
      minor: i,
      allow: true,
    }));
  }
  if (!Array.isArray(devices)) {
    throw invalid(`devices must be a count or a list of devices, got ${JSON.stringify(devices)}`, devices);
  }
  return devices.map((device, index) =>
    typeof device === "string" ? parseDeviceSpec(device, index) : ruleFromObject(device, index),
  );
}

/** Parse `c 195:0 allow`, `a *:5`, `b 8:* rwm deny`. */
export function parseDeviceSpec(spec: string, index = 0): SlurmDeviceRule {
  const m = SPEC.exec(spec);
  if (!m) {
    throw invalid(
      `device ${index}: ${JSON.stringify(spec)} is not TYPE MAJOR:MINOR [rwm] [allow|deny] (TYPE a|b|c, * for any)`,
      spec,
    );
  }
  return {
    type: m[1] as DeviceType,
    major: fieldOf(m[2]!, `device ${index} major`),
    minor: fieldOf(m[3]!, `device ${index} minor`),
    allow: m[4] !== "deny",
  };
}

function ruleFromObject(input: SlurmDeviceRuleInput, index: number): SlurmDeviceRule {
  if (input === null || typeof input !== "object") {
    throw invalid(`device ${index} must be a string or an object, got ${JSON.stringify(input)}`, input);
  }
  const known = new Set(["type", "major", "minor", "allow"]);
  const unknown = Object.keys(input).filter((k) => !known.has(k));
  if (unknown.length > 0) throw invalid(`device ${index}: unknown key ${unknown[0]}`, unknown[0]);
  const type = input.type ?? "c";
  if (type !== "a" && type !== "b" && type !== "c") {
    throw invalid(`device ${index} type must be a, b or c, got ${JSON.stringify(type)}`, type);
  }
  if (input.allow !== undefined && typeof input.allow !== "boolean") {
    throw invalid(
      `device ${index} allow must be true or false, got ${JSON.stringify(input.allow)}`,
      input.allow,
    );
  }
  return {
    type,
    major: fieldOf(input.major ?? "*", `device ${index} major`),
    minor: fieldOf(input.minor ?? "*", `device ${index} minor`),
    allow: input.allow ?? true,
  };
}

function fieldOf(value: DeviceField | string, name: string): DeviceField {
  if (value === "*") return "*";
  const n = typeof value === "number" ? value : /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(n) || n < 0 || n > MAX_U32) {
    throw invalid(`${name} must be * or an integer in 0..${MAX_U32}, got ${JSON.stringify(value)}`, value);
  }
  return n;
}

/** "all" | "none" | "1-3,7" | number[] -> the indices, each checked against the rule count. */
export function denyIndices(deny: SlurmDeviceParams["deny"], count: number): number[] {
  if (deny === undefined || deny === "none" || deny === "") return [];
  if (deny === "all") return Array.from({ length: count }, (_, i) => i);
  const list = typeof deny === "string" ? expandRanges(deny) : Array.isArray(deny) ? deny : null;
  if (list === null)
    throw invalid(`deny must be "all", "none", "1-3,7" or a list, got ${JSON.stringify(deny)}`, deny);
  for (const index of list) {
    if (!Number.isInteger(index) || index < 0 || index >= count) {
      throw invalid(`deny index ${JSON.stringify(index)} is not a device index (0..${count - 1})`, index);
    }
  }
  return list;
}

function expandRanges(text: string): number[] {
  const out: number[] = [];
  for (const part of text.split(",")) {
    const m = /^\s*(\d+)(?:\s*-\s*(\d+))?\s*$/.exec(part);
    if (!m) throw invalid(`deny: ${JSON.stringify(part)} is not an index or a range such as 1-22`, text);
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (to < from) throw invalid(`deny: range ${part.trim()} runs backwards`, text);
    if (to - from > MAX_DEVICES)
      throw invalid(`deny: range ${part.trim()} is larger than ${MAX_DEVICES}`, text);
    for (let i = from; i <= to; i++) out.push(i);
  }
  return out;
}

function invalid(message: string, value: unknown): LabError {
  return new LabError("LAB_ARGS_INVALID", message, { where: { value } });
}
