/**
 * Kernel build times: a recipe built cold (its output folder and cached image removed first; the
 * source tree stays), then again with nothing changed (cache hit), then with the output folder
 * kept and the cached image dropped (an incremental make over an unchanged tree). Printed beside
 * the targets for src-6.1-tiny on 2 cores: x86_64 <= 6 min, arm64 (cross) <= 8 min.
 *
 *   node dist/bench/build.js [recipe] [--arch x86_64|arm64] [--warm]   (default src-6.1-tiny)
 *   --warm skips the cold build (keeps the output folder): incremental figures only.
 */
import { rmSync } from "node:fs";
import { buildImage } from "../images/build/api.js";
import { isArch } from "../lab/arch.js";
import type { Arch } from "../lab/backend.js";

const TARGET_S: Record<Arch, number> = { x86_64: 360, arm64: 480 };

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const archAt = args.indexOf("--arch");
  const arch = archAt >= 0 && isArch(args[archAt + 1] ?? "") ? (args[archAt + 1] as Arch) : undefined;
  const warm = args.includes("--warm");
  const recipe = args.find((a, i) => !a.startsWith("--") && args[i - 1] !== "--arch") ?? "src-6.1-tiny";
  const progress = (text: string) => process.stderr.write(`\r${text.slice(0, 100).padEnd(100)}`);
  const first = await buildImage(recipe, { ...(arch ? { arch } : {}), onProgress: progress });
  const rows: Array<[string, number, number]> = [];
  if (!warm) {
    rmSync(first.image.dir, { recursive: true, force: true });
    rmSync(first.objDir, { recursive: true, force: true });
    const cold = await buildImage(recipe, { ...(arch ? { arch } : {}), onProgress: progress });
    rows.push(["cold (empty output folder)", cold.seconds, cold.steps]);
  }
  const hit = await buildImage(recipe, { ...(arch ? { arch } : {}) });
  rows.push(["cached (same key)", hit.seconds, hit.steps]);
  rmSync(hit.image.dir, { recursive: true, force: true });
  const incremental = await buildImage(recipe, { ...(arch ? { arch } : {}), onProgress: progress });
  rows.push(["incremental (unchanged tree)", incremental.seconds, incremental.steps]);
  process.stderr.write("\n");
  const a = incremental.image.arch;
  console.log(`${recipe} ${a}: ${incremental.source}; ${incremental.image.release}`);
  console.log("build                           seconds   steps");
  for (const [what, s, n] of rows)
    console.log(`${what.padEnd(30)} ${s.toFixed(1).padStart(8)} ${String(n).padStart(7)}`);
  const cold = rows.find((r) => r[0].startsWith("cold"));
  if (cold)
    console.log(
      `target for a cold build: <= ${TARGET_S[a]} s -> ${cold[1] <= TARGET_S[a] ? "met" : "NOT met"}`,
    );
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
