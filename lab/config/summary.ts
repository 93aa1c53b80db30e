/** What `lab validate` prints about a valid file: its kind and what it holds. */
import { countCells } from "./cells.js";
import type { DocumentKind } from "./kind.js";
import { loadAnyConfigFile, loadScenarioFile } from "./load.js";

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
    text: `${s.programs.length} programs, ${cells} cells`,
  };
}
