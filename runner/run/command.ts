/** Drives `lab run`: picks the scenario(s), shows progress, prints the summary, writes reports. */
import { availableParallelism } from "node:os";
import { resolve } from "node:path";
import { findLabConfig, loadConfigFile } from "../../lab/config/load.js";
import { LabError } from "../../lab/errors.js";
import { formatParams } from "../cells.js";
import type { RunCliOptions } from "../commands/run.js";
import type { Output } from "../output.js";
import { computeFindings } from "../report/findings.js";
import { headline, narrate } from "../report/narrative.js";
import { writeReports } from "../report/write.js";
import { type RunOutcome, runScenario } from "./run-scenario.js";

export async function runCommand(
  scenario: string | null,
  options: RunCliOptions,
  out: Output,
): Promise<number> {
  const files = scenario || options.resume ? [scenario] : defaultJob();
  const outcomes: RunOutcome[] = [];
  for (const file of files) {
    const started = performance.now();
    const outcome = await runScenario(file, {
      resume: options.resume,
      concurrency: options.concurrency ?? defaultConcurrency(),
      onStart: (cell, done, total) =>
        out.progress(
          `[${done}/${total}] ${cell.backend}:${cell.kernel}/${cell.arch} ${cell.program} ${formatParams(cell.params)} ${cell.loader} ...`,
        ),
      onDone: (rec, done, total) => {
        const line = `[${done}/${total}] ${rec.status.padEnd(5)} ${rec.cell.id}${rec.result ? ` ${rec.result.verdict}${rec.result.errno ? ` ${rec.result.errno}` : ""}` : ` ${rec.errorCode}: ${rec.reason}`}`;
        if (process.stderr.isTTY) out.progress(line);
        else if (!out.json) process.stderr.write(`${line}\n`);
      },
    });
    outcomes.push(outcome);
    if (options.report) writeReports(resolve(options.report), outcome);
    if (!out.json) printSummary(outcome, out, (performance.now() - started) / 1000, options.report);
  }
  if (out.json) {
    out.result({
      runs: outcomes.map((o) => ({ run: o.runId, scenario: o.scenario.name, file: o.scenario.file })),
      cells: outcomes.flatMap((o) =>
        o.records.map((r) => ({
          ...(r.result ?? {}),
          scenario: o.scenario.name,
          program: r.cell.program,
          cell: r.cell.id,
          status: r.status,
          reason: r.reason,
          errorCode: r.errorCode,
          expectations: r.expectations,
        })),
      ),
      probes: outcomes.flatMap((o) => o.probes),
    });
  }
  const all = outcomes.flatMap((o) => o.records);
  const probes = outcomes.flatMap((o) => o.probes);
  if (all.some((r) => r.status === "error") || probes.some((p) => p.status === "error")) return 3;
  return all.some((r) => r.status === "fail") || probes.some((p) => p.status === "fail") ? 1 : 0;
}

function defaultJob(): string[] {
  const file = findLabConfig(process.cwd());
  if (!file)
    throw new LabError("LAB_ARGS_INVALID", "no scenario given and no lab.yaml in this directory or above", {
      hint: "lab run scenarios/slurm-cgroup-device.yaml",
    });
  const config = loadConfigFile(file);
  if (config.defaultJob.length === 0)
    throw new LabError("LAB_CONFIG_INVALID", `${file} has no default: job`, { where: { file } });
  return config.defaultJob;
}

function defaultConcurrency(): number {
  const file = findLabConfig(process.cwd());
  if (file) {
    try {
      return loadConfigFile(file).defaults.concurrency;
    } catch {}
  }
  return availableParallelism();
}

function printSummary(o: RunOutcome, out: Output, seconds: number, reportDir: string | undefined): void {
  const f = computeFindings(o.records);
  out.line(
    out.paint(
      "bold",
      `${o.scenario.name}: ${o.records.length} cells in ${seconds.toFixed(1)} s — ${f.counts.pass} pass, ${f.counts.fail} fail, ${f.counts.skip} skip, ${f.counts.error} error`,
    ),
  );
  for (const line of headline(f)) out.line(`  ${line}`);
  out.line(out.paint("dim", "  details:"));
  for (const line of narrate(f)) out.line(`    ${line}`);
  for (const p of o.probes) out.line(`  probe ${p.probe} on ${p.target}: ${p.status} — ${p.message}`);
  const failed = o.records.filter((r) => r.status === "fail").slice(0, 10);
  for (const r of failed)
    out.line(
      out.paint(
        "red",
        `  FAIL ${r.cell.id}: ${r.expectations
          .filter((e) => !e.ok)
          .map((e) => `${e.rule}: ${e.message}`)
          .join("; ")}`,
      ),
    );
  const errors = o.records.filter((r) => r.status === "error").slice(0, 10);
  for (const r of errors) out.line(out.paint("yellow", `  ERROR ${r.cell.id}: ${r.errorCode}: ${r.reason}`));
  out.line(`  run ${o.runId} (${o.dir})${reportDir ? `; reports in ${reportDir}` : ""}`);
}
