/**
 * `lab model profiles [--json]`: the kernel lines the model knows and which features each has (a
 * feature x line table). `lab model features [NAME...] [--json]`: each feature's description,
 * versions and where in the kernel source it was learnt. `lab model diff`: model-diff.ts.
 */
import type { Command } from "commander";
import { outputFor } from "../context.js";
import { registerModelDiff } from "./model-diff.js";

export function register(program: Command): void {
  const model = program.command("model").description("the verifier model: its kernel profiles and features");
  model
    .command("profiles")
    .description("list the kernel lines the model knows and their features (a feature x line table)")
    .addHelpText(
      "after",
      "\nExamples:\n  lab model profiles\n  lab model profiles --json\n  lab load prog.bin --kernel 5.15.127 --features -precision_backport",
    )
    .action(async (_options: unknown, command: Command) => {
      const out = outputFor(command);
      const p = await import("../../lab/model/profiles/index.js");
      const lines = p.LINE_IDS.map((id) => ({ ...p.LINES[id], features: p.lineFeatures(id) }));
      if (out.json) {
        out.result({ lines, features: p.FEATURE_NAMES.map((name) => p.FEATURES[name]) });
        return;
      }
      for (const line of lines) {
        const tag = line.modelOnly ? out.paint("yellow", " [model-only]") : "";
        out.line(`${out.paint("bold", line.id.padEnd(18))} ${line.label}${tag}`);
      }
      out.line();
      const width = Math.max(...p.FEATURE_NAMES.map((n) => n.length));
      const header = p.LINE_IDS.map((id) => id.replace("-pre-backport", "-pre").padStart(9)).join("");
      out.line(`${"feature".padEnd(width)} ${header}`);
      for (const name of p.FEATURE_NAMES) {
        const cells = lines.map((line) =>
          (line.features.includes(name) ? out.paint("green", "yes") : out.paint("dim", "-")).padStart(
            9 + (out.color ? 10 : 0),
          ),
        );
        out.line(`${name.padEnd(width)} ${cells.join("")}`);
      }
      out.line();
      out.line(
        out.paint(
          "dim",
          "`lab model features NAME` explains a feature; --features +name,-name toggles it for a load",
        ),
      );
    });
  registerModelDiff(model);
  model
    .command("features")
    .description("describe the model's features: what changes, since which kernel, and where it was learnt")
    .argument("[names...]", "feature names (all when none)")
    .action(async (names: string[], _options: unknown, command: Command) => {
      const out = outputFor(command);
      const p = await import("../../lab/model/profiles/index.js");
      const wanted =
        names.length === 0 ? [...p.FEATURE_NAMES] : p.parseToggles(names.join(",")).map((t) => t.name);
      const rows = wanted.map((name) => p.FEATURES[name]);
      if (out.json) {
        out.result({ features: rows });
        return;
      }
      for (const f of rows) {
        const versions = [
          `since ${f.since}`,
          ...(f.backports.length ? [`backported to ${f.backports.join(", ")}`] : []),
          ...(f.until ? [`until ${f.until}`] : []),
        ];
        out.line(`${out.paint("bold", f.name)} (${versions.join("; ")})`);
        out.line(`  ${f.description}`);
        out.line(`  source: ${f.source.file}: ${f.source.func} — ${f.source.change}`);
        out.line(`  evidence: ${f.evidence}`);
        out.line();
      }
    });
}
