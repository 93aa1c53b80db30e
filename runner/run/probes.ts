/**
 * cgroup-device probes: on a real kernel, load the program with the loader's options, attach it to
 * a fresh child cgroup (or attach nothing when the load failed: what slurmstepd is left with), and
 * try to open each device. Devices meant to be denied that opened are named in the record.
 */
import type { Backend, CgroupDeviceProbeResult, DeviceOutcome, LoadRequest } from "../../lab/backend.js";
import type { ScenarioProbe, ScenarioTarget } from "../../lab/config/types.js";
import type { Program } from "../../lab/program.js";

export interface ProbeRecord {
  probe: string;
  target: string;
  status: "pass" | "fail" | "skip" | "error";
  /** true when the program loaded and was attached */
  attached: boolean;
  loadVerdict: "accepted" | "rejected" | null;
  loadErrno: string | null;
  devices: Array<DeviceOutcome & { expect: "allowed" | "denied"; note: string }>;
  /** devices meant to be denied that could be opened */
  exposed: string[];
  message: string;
}

export function probesFor(probes: readonly ScenarioProbe[], target: ScenarioTarget): ScenarioProbe[] {
  if (target.backend === "model") return [];
  return probes.filter((p) => p.backends.includes(target.backend as "host" | "qemu"));
}

export async function runProbe(
  probe: ScenarioProbe,
  target: ScenarioTarget,
  backend: Backend,
  programFor: (p: NonNullable<ScenarioProbe["cgroupDevice"]["program"]>) => Promise<Program>,
): Promise<ProbeRecord> {
  const base = { probe: probe.id, target: target.key };
  if (!backend.probeCgroupDevice) {
    return {
      ...base,
      status: "skip",
      attached: false,
      loadVerdict: null,
      loadErrno: null,
      devices: [],
      exposed: [],
      message: `the ${backend.name} backend cannot run device probes`,
    };
  }
  const spec = probe.cgroupDevice;
  const devices = spec.devices.map((d) => ({
    type: d.type,
    major: d.major,
    minor: d.minor,
    access: d.access,
  }));
  let load: LoadRequest | null = null;
  if (spec.program) {
    const loader = spec.loader;
    load = {
      program: await programFor(spec.program),
      logLevel: loader?.logLevel ?? 0,
      logSize: loader?.logSize ?? 0,
      memlockRlimit: loader?.memlockRlimit ?? null,
      statsReload: false,
    };
  }
  let result: CgroupDeviceProbeResult;
  try {
    result = await backend.probeCgroupDevice({ load, devices });
  } catch (error) {
    return {
      ...base,
      status: "error",
      attached: false,
      loadVerdict: null,
      loadErrno: null,
      devices: [],
      exposed: [],
      message: (error as Error).message,
    };
  }
  if (result.load && result.load.verdict === "rejected" && spec.onLoadFailure === "skip") {
    return {
      ...base,
      status: "skip",
      attached: false,
      loadVerdict: "rejected",
      loadErrno: result.load.errno,
      devices: [],
      exposed: [],
      message: "the load failed and the probe asks to skip then",
    };
  }
  return judgeProbe(base, spec.devices, result);
}

export function judgeProbe(
  base: { probe: string; target: string },
  expected: ScenarioProbe["cgroupDevice"]["devices"],
  result: CgroupDeviceProbeResult,
): ProbeRecord {
  const devices = result.devices.map((d, i) => ({
    ...d,
    expect: expected[i]!.expect,
    note: expected[i]!.note,
  }));
  const name = (d: DeviceOutcome) => `${d.type} ${d.major}:${d.minor}`;
  const exposed = devices.filter((d) => d.expect === "denied" && d.outcome === "allowed").map(name);
  const loadVerdict = result.load?.verdict ?? null;
  const loadErrno = result.load?.errno ?? null;
  if (result.attached) {
    const wrong = devices.filter((d) => d.outcome !== d.expect);
    return {
      ...base,
      status: wrong.length === 0 ? "pass" : "fail",
      attached: true,
      loadVerdict,
      loadErrno,
      devices,
      exposed,
      message:
        wrong.length === 0
          ? `confinement enforced: ${devices.length} devices as expected`
          : `not as expected: ${wrong.map((d) => `${name(d)} ${d.outcome}`).join(", ")}`,
    };
  }
  // Nothing attached (the load failed, or none was asked for): the probe shows what is left open.
  return {
    ...base,
    status: "pass",
    attached: false,
    loadVerdict,
    loadErrno,
    devices,
    exposed,
    message:
      (loadVerdict === "rejected"
        ? `the load failed (${loadErrno}); with no program attached `
        : "with no program attached ") +
      (exposed.length
        ? `devices meant to be denied were open: ${exposed.join(", ")}`
        : "no device meant to be denied was open"),
  };
}
