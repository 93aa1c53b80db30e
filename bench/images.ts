/**
 * What fetching Debian kernels costs: per image, a cold fetch into an empty cache (archive indexes,
 * download, verification, extraction, initramfs) and a warm fetch (everything cached: no network),
 * beside the references: a 26-34 MB cloud kernel .deb downloads in about 2 s here, and issue 6 asks
 * for a warm fetch under 1 s. The verified indexes of the eight suites are loaded first, per arch.
 *
 *   node dist/bench/images.js [--lines 5.10,6.1,6.12] [--arch x86_64,arm64] [--cache DIR] [--no-agent]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { listAvailable } from "../images/cli/actions.js";
import { resolveImage } from "../images/resolve.js";
import type { Arch } from "../lab/backend.js";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      lines: { type: "string" },
      arch: { type: "string" },
      cache: { type: "string" },
      "no-agent": { type: "boolean" },
    },
  });
  const lines = (values.lines ?? "5.10,6.1,6.12").split(",");
  const arches = (values.arch ?? "x86_64,arm64").split(",") as Arch[];
  const cacheRoot = values.cache ?? mkdtempSync(join(tmpdir(), "lab-bench-images-"));
  const options = { cacheRoot, ...(values["no-agent"] ? { agentPath: null } : {}) };
  console.log(`cache ${cacheRoot} (${values.cache ? "given" : "empty, removed afterwards"})`);
  console.log(
    "image              arch     release                       cold s   MB/s   warm s  (ref: warm < 1 s)",
  );
  for (const arch of arches) {
    const started = performance.now();
    const offer = await listAvailable([arch], options);
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    console.log(
      `indexes            ${arch.padEnd(8)} ${`${offer.kernels.length} kernels, 8 suites`.padEnd(29)} ${seconds.padStart(6)}`,
    );
    for (const line of lines) {
      const id = `debian:${line}`;
      let started = performance.now();
      const image = await resolveImage(id, arch, options);
      const cold = (performance.now() - started) / 1000;
      started = performance.now();
      await resolveImage(id, arch, options);
      const warm = (performance.now() - started) / 1000;
      const mb = image.image.debs.reduce((sum, d) => sum + d.size, 0) / 1e6;
      console.log(
        [
          id.padEnd(18),
          arch.padEnd(8),
          image.release.padEnd(29),
          cold.toFixed(2).padStart(6),
          (mb / cold).toFixed(1).padStart(6),
          warm.toFixed(3).padStart(8),
        ].join(" "),
      );
    }
  }
  if (!values.cache) rmSync(cacheRoot, { recursive: true, force: true });
}

await main();
