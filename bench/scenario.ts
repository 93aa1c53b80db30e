/**
 * Wall time of a whole scenario run (default: the Slurm scenario, the README's main job), beside
 * the issue's budget (60 s with a warm image cache on 2 cores), with cells per second per backend.
 * Run it twice to see the warm figure: the first run may download kernels.
 *
 *   node dist/bench/scenario.js [scenario.yaml]
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const scenario = process.argv[2] ?? join(root, "scenarios", "slurm-cgroup-device.yaml");
const data = mkdtempSync(join(tmpdir(), "lab-bench-scenario-"));
const started = performance.now();
const run = spawnSync(process.execPath, [join(root, "runner", "bin", "lab.js"), "run", scenario, "--json"], {
  env: { ...process.env, LAB_DATA: data },
  encoding: "utf8",
  maxBuffer: 1 << 30,
});
const seconds = (performance.now() - started) / 1000;
if (!run.stdout.trim().startsWith("{")) {
  process.stderr.write(run.stderr);
  process.exit(run.status ?? 1);
}
const out = JSON.parse(run.stdout) as { cells: Array<{ backend?: string; cell: string; status: string }> };
const byBackend = new Map<string, number>();
for (const c of out.cells) {
  const backend =
    c.cell
      .split("/")
      .find((p) => p.startsWith("model:") || p.startsWith("host:") || p.startsWith("qemu:"))
      ?.split(":")[0] ?? "?";
  byBackend.set(backend, (byBackend.get(backend) ?? 0) + 1);
}
const statuses = new Map<string, number>();
for (const c of out.cells) statuses.set(c.status, (statuses.get(c.status) ?? 0) + 1);
console.log(`scenario ${scenario}`);
console.log(
  `cells: ${out.cells.length} (${[...byBackend].map(([b, n]) => `${b} ${n}`).join(", ")}); ${[...statuses].map(([s, n]) => `${s} ${n}`).join(", ")}`,
);
console.log(
  `wall time: ${seconds.toFixed(1)} s   budget (warm cache, 2 cores): 60 s   ${seconds <= 60 ? "within" : "OVER"} budget`,
);
console.log(`exit status ${run.status}`);
