/**
 * A profile: what the model knows about one kernel, as the verifier and the log writer consume
 * it. Built from a line (lines.ts) plus optional what-if toggles (`+name,-name`).
 */
import { type Errno, errnoFor, type RejectionKind } from "./errno.js";
import type { FeatureName } from "./features.js";
import { LINES, type LineId, lineFeatures } from "./lines.js";

export interface Profile {
  /** the line id, with the toggles appended when there are any: `6.1`, `5.15.127-precision_backport` */
  id: string;
  line: LineId;
  label: string;
  /** the version asked for (`6.1.192`, `host`, a line id) */
  release: string;
  /** true for 5.15.x and 7.x: no such kernel runs here, the answer is the model's alone */
  modelOnly: boolean;
  features: ReadonlySet<FeatureName>;
  /** the release whose instruction printer the log lines follow (LineInfo.printer) */
  printer: string;
  /** the toggles applied, in order, as written (`+log_rotate`) */
  toggles: readonly string[];
  errnoFor(kind: RejectionKind): Errno;
}

export interface Toggle {
  on: boolean;
  name: FeatureName;
}

/**
 * `pointRelease`: the major.minor.patch whose backports the features follow (resolve.ts gives it
 * for a version such as 5.10.223); without it, the line's representative.
 */
export function buildProfile(
  line: LineId,
  release: string,
  toggles: readonly Toggle[] = [],
  pointRelease?: string,
): Profile {
  const info = LINES[line];
  const features = new Set<FeatureName>(lineFeatures(line, pointRelease));
  for (const toggle of toggles) {
    if (toggle.on) features.add(toggle.name);
    else features.delete(toggle.name);
  }
  const written = toggles.map((t) => `${t.on ? "+" : "-"}${t.name}`);
  const frozen: ReadonlySet<FeatureName> = features;
  return {
    id: written.length === 0 ? line : `${line}${written.join("")}`,
    line,
    label: info.label,
    release,
    modelOnly: info.modelOnly,
    features: frozen,
    printer: info.printer,
    toggles: written,
    errnoFor: (kind) => errnoFor(kind, frozen),
  };
}
