/** What `lab validate` prints about a valid file: its kind and what it holds. */
import { countCells, expandCells } from "./cells.js";
import { formatPos } from "./issues.js";
import type { DocumentKind } from "./kind.js";
import { loadAnyConfigFile, loadScenarioFile } from "./load.js";
import { unmatchedRules } from "./select.js";

export interface ConfigSummary {
  file: string;
  kind: DocumentKind;
  ok: true;
  /** scenarios: programs (after range expansion), loaders, targets, cells, expectations, probes */
  programs?: number;
  loaders?: number;
  targets?: number;
  cells?: number;
  expectations?: number;
  probes?: number;
  /** lab.yaml: image ids and the default job */
  images?: string[];
  defaultJob?: string[];
  /** things that are valid but look wrong (an expectation no cell matches) */
  notes?: string[];
  /** one line in words: "64 programs, 1408 cells" */
  text: string;
}

export function summarizeConfigFile(file: string, kind: DocumentKind | "auto"): ConfigSummary {
  const validated = loadAnyConfigFile(file, kind);
  if (validated.kind === "lab") {
    const lab = validated.value;
    const images = Object.keys(lab.images);
    // the default job is what `lab run` runs with no file: its scenarios must validate too
    const job = lab.defaultJob.map((path) => loadScenarioFile(path, { lab }));
    const cells = job.reduce((sum, scenario) => sum + countCells(scenario), 0);
    return {
      file,
      kind: "lab",
      ok: true,
      images,
      defaultJob: lab.defaultJob,
      cells,
      text: `${images.length} images, default job: ${job.length} scenario(s), ${cells} cells`,
    };
  }
  const s = validated.value;
  const cells = countCells(s);
  const notes = unmatchedRules(s, expandCells(s)).map(
    (rule) =>
      `${formatPos(rule.where)}: expect[${rule.index}] matches no cell of this scenario (on this machine)`,
  );
  return {
    file,
    kind: "scenario",
    ok: true,
    programs: s.programs.length,
    loaders: s.loaders.length,
    targets: s.targets.length,
    cells,
    expectations: s.expect.length,
    probes: s.probes.length,
    notes,
    text: `${s.programs.length} programs, ${cells} cells`,
  };
}
