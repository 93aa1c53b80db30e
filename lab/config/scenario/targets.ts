/** Scenario targets: backend x kernels x arches, each kernel id resolved (kernel-ids.ts). */

import { hostArch } from "../../arch.js";
import type { Arch, BackendName } from "../../backend.js";
import { resolveKernelId } from "../kernel-ids.js";
import { report, type Stage } from "../stage.js";
import type { KernelRef, LabConfig, ScenarioTarget } from "../types.js";

export interface RawTarget {
  backend: BackendName;
  kernels?: string[];
  arches?: Arch[];
  accel?: ScenarioTarget["accel"];
  features?: string[];
}

export function normalizeTargets(raw: RawTarget[], stage: Stage, lab: LabConfig): ScenarioTarget[] {
  const targets: ScenarioTarget[] = [];
  const seen = new Map<string, ScenarioTarget>();
  raw.forEach((target, index) => {
    const path = ["targets", index];
    if (target.accel !== undefined && target.backend !== "qemu")
      report(stage, [...path, "accel"], "only qemu targets take accel:", { key: true });
    if (target.features !== undefined && target.backend !== "model")
      report(stage, [...path, "features"], "only model targets take features:", { key: true });
    const kernels = target.kernels ?? (target.backend === "host" ? ["host"] : undefined);
    if (kernels === undefined) {
      report(stage, path, `a ${target.backend} target needs kernels:`);
      return;
    }
    kernels.forEach((id, k) => {
      const kernelPath =
        target.kernels && target.kernels.length > 1 ? [...path, "kernels", k] : [...path, "kernels"];
      const kernel = resolveKernelId(target.backend, id, lab);
      if (typeof kernel === "string") {
        report(stage, kernelPath, kernel);
        return;
      }
      for (const arch of archesFor(kernel, target.arches, stage, kernelPath)) {
        const key = `${target.backend}:${kernel.id}/${arch}`;
        const entry: ScenarioTarget = {
          key,
          backend: target.backend,
          kernel,
          arch,
          accel: target.accel ?? lab.defaults.accel,
          features: target.features ?? [],
          where: stage.positions.of(kernelPath),
        };
        const earlier = seen.get(key);
        if (earlier)
          report(
            stage,
            kernelPath,
            `target ${key} is listed twice (first at line ${earlier.where.line}:${earlier.where.col})`,
          );
        else {
          seen.set(key, entry);
          targets.push(entry);
        }
      }
    });
  });
  return targets;
}

/** an image has one arch: it is the default, and asking for another is an error */
function archesFor(
  kernel: KernelRef,
  arches: Arch[] | undefined,
  stage: Stage,
  kernelPath: Array<string | number>,
): Arch[] {
  if (kernel.kind !== "image") return arches ?? [hostArch()];
  const own = kernel.image.arch;
  const others = (arches ?? []).filter((arch) => arch !== own);
  if (others.length > 0) {
    report(
      stage,
      kernelPath,
      `image "${kernel.id}" is for ${own}, not ${others.join(", ")} (give arches per target, or use debian:${kernel.image.source === "path" ? "<version>" : kernel.image.version})`,
    );
  }
  return [own];
}
