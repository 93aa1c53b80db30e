/** Scenario probes: attach a program (one instance, with one loader's options) or none, then open devices. */
import { didYouMean } from "../did-you-mean.js";
import { report, type Stage } from "../stage.js";
import type { DeviceProbe, ParamValue, ScenarioLoader, ScenarioProbe, ScenarioProgram } from "../types.js";

interface RawDevice {
  type: "c" | "b";
  major: number;
  minor: number;
  access?: string;
  expect: "allowed" | "denied";
  note?: string;
}
export interface RawProbe {
  id: string;
  description?: string;
  backends?: Array<"host" | "qemu">;
  cgroup_device: {
    program: string;
    params?: Record<string, ParamValue>;
    loader?: string;
    on_load_failure?: "none" | "skip";
    devices: RawDevice[];
  };
}

export function normalizeProbes(
  raw: RawProbe[] | undefined,
  stage: Stage,
  programs: ScenarioProgram[],
  loaders: ScenarioLoader[],
): ScenarioProbe[] {
  return (raw ?? []).map((probe, index) => {
    const path = ["probes", index, "cgroup_device"];
    const spec = probe.cgroup_device;
    const program =
      spec.program === "none" ? null : pickInstance(spec.program, spec.params ?? {}, path, stage, programs);
    let loader: ScenarioLoader | null = null;
    if (spec.loader !== undefined) {
      loader = loaders.find((l) => l.id === spec.loader) ?? null;
      if (!loader)
        report(
          stage,
          [...path, "loader"],
          `no loader "${spec.loader}" in this scenario${didYouMean(
            spec.loader,
            loaders.map((l) => l.id),
          )}`,
        );
    } else if (spec.program !== "none") {
      if (loaders.length === 1) loader = loaders[0]!;
      else
        report(
          stage,
          [...path, "program"],
          `say which loader loads "${spec.program}": loader: one of ${loaders.map((l) => l.id).join(", ")}`,
        );
    }
    const devices: DeviceProbe[] = spec.devices.map((device, d) => ({
      type: device.type,
      major: device.major,
      minor: device.minor,
      access: device.access ?? "rw",
      expect: device.expect,
      note: device.note ?? "",
      where: stage.positions.of([...path, "devices", d]),
    }));
    return {
      id: probe.id,
      description: probe.description ?? "",
      backends: probe.backends ?? ["host", "qemu"],
      cgroupDevice: { program, loader, onLoadFailure: spec.on_load_failure ?? "none", devices },
      where: stage.positions.of(["probes", index]),
    };
  });
}

function pickInstance(
  id: string,
  params: Record<string, ParamValue>,
  path: Array<string | number>,
  stage: Stage,
  programs: ScenarioProgram[],
): ScenarioProgram | null {
  const instances = programs.filter((p) => p.id === id);
  if (instances.length === 0) {
    const ids = [...new Set(programs.map((p) => p.id))];
    report(
      stage,
      [...path, "program"],
      `no program "${id}" in this scenario${didYouMean(id, ids) || `; programs: ${ids.join(", ")} (or none)`}`,
    );
    return null;
  }
  const matching = instances.filter((p) =>
    Object.entries(params).every(([k, v]) => JSON.stringify(p.params[k]) === JSON.stringify(v)),
  );
  if (matching.length === 1) return matching[0]!;
  if (matching.length === 0) report(stage, [...path, "params"], `no instance of "${id}" has these params`);
  else
    report(
      stage,
      [...path, "program"],
      `"${id}" has ${matching.length} instances; pick one with params: (e.g. ${formatParams(matching[0]!.params)})`,
    );
  return null;
}

function formatParams(params: Record<string, ParamValue>): string {
  return `{ ${Object.entries(params)
    .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
    .join(", ")} }`;
}
