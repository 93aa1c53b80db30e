/** What `lab images build ID` does: build (or find cached) and describe the result. */
import type { Arch } from "../../lab/backend.js";
import { buildImage } from "./api.js";
import type { BuildResult } from "./local.js";

export interface BuildCliOptions {
  arch?: Arch;
  tarball?: string;
  jobs?: number;
}

export async function buildForCli(id: string, options: BuildCliOptions, progress: (text: string) => void) {
  const result = await buildImage(id, { ...options, onProgress: progress });
  return describeBuild(result);
}

export function describeBuild(result: BuildResult) {
  return {
    id: result.image.id,
    arch: result.image.arch,
    release: result.image.release,
    key: result.key,
    cached: result.cached,
    seconds: Math.round(result.seconds * 10) / 10,
    steps: result.steps,
    source: result.source,
    patches: result.series.map((s) => `${s.reverse ? "revert " : ""}${s.file.split("/").pop()}`),
    kernel: result.image.kernelPath,
    config: result.image.configPath,
    log: result.log,
  };
}

export function renderBuild(d: ReturnType<typeof describeBuild>): string {
  const how = d.cached ? "cached" : `built in ${d.seconds} s (${d.steps} steps)`;
  return [
    `${d.id} ${d.arch}: ${d.release}, ${how}`,
    `  source  ${d.source}`,
    ...(d.patches.length ? [`  patches ${d.patches.join(", ")}`] : []),
    `  kernel  ${d.kernel}`,
    `  log     ${d.log}`,
  ].join("\n");
}
