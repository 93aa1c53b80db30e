/**
 * The kernel lines the model knows. A line covers a range of point releases that behave the same
 * for the model; its features are computed from the feature table at the line's representative
 * version (the one whose source was read or whose kernel runs here). Order matters: it is the
 * order `lab model profiles` prints, oldest first.
 */
import { FEATURE_NAMES, FEATURES, type FeatureName, featureInVersion } from "./features.js";

export const LINE_IDS = [
  "5.10-pre-backport",
  "5.10",
  "5.15.126",
  "5.15.127",
  "6.1",
  "6.12",
  "7.x",
  "host",
] as const;
export type LineId = (typeof LINE_IDS)[number];

export interface LineInfo {
  id: LineId;
  label: string;
  /** first and last point release covered (inclusive); `last` null = open-ended */
  first: string;
  last: string | null;
  /** the version whose behaviour the line stands for */
  representative: string;
  /** features the representative has that the line does not (the pre-backport build's reverts) */
  without?: readonly FeatureName[];
  /** true when no real kernel of this line runs here: its answers are the model's alone */
  modelOnly: boolean;
  /** where the line's behaviour was read or measured */
  basis: string;
  /**
   * the release whose instruction printer (lab/isa/flavor.ts) the model's log lines follow: the
   * line's major.minor (so 5.10 prints as 5.10.0 did), 6.18 for 7.x until a 7.x printer is checked
   */
  printer: string;
}

export const LINES: Readonly<Record<LineId, LineInfo>> = {
  "5.10-pre-backport": {
    id: "5.10-pre-backport",
    label: "5.10 before the 2023 precision backport (5.10.0-5.10.190)",
    first: "5.10.0",
    last: "5.10.190",
    representative: "5.10.262",
    without: ["precision_backport"],
    modelOnly: false,
    basis:
      "Debian linux-source-5.10 (5.10.262) with the three precision commits reverted; checkable against the source-built kernel, which also carries the later jset_forget_ranges (compare with +jset_forget_ranges)",
    printer: "5.10",
  },
  "5.10": {
    id: "5.10",
    label: "5.10 with the precision backport (5.10.191 and later; stands for Debian 5.10.262)",
    first: "5.10.191",
    last: null,
    representative: "5.10.262",
    modelOnly: false,
    basis: "Debian linux-source-5.10 5.10.262; Debian 5.10.2xx kernels under QEMU",
    printer: "5.10",
  },
  "5.15.126": {
    id: "5.15.126",
    label: "5.15 up to 5.15.126 (no precision backport)",
    first: "5.15.0",
    last: "5.15.126",
    representative: "5.15.126",
    modelOnly: true,
    basis:
      "5.15.107 and 5.15.135 trees read against 5.10.262 (same print and log code; the differences are feature rows); no 5.15 kernel runs here: rests on the 5.10 pair",
    printer: "5.15.126",
  },
  "5.15.127": {
    id: "5.15.127",
    label: "5.15.127 and later (precision backport)",
    first: "5.15.127",
    last: null,
    representative: "5.15.127",
    modelOnly: true,
    basis: "as 5.15.126 plus the backport (Ubuntu's 5.15.127 Slurm report); rests on the 5.10 pair",
    printer: "5.15.127",
  },
  "6.1": {
    id: "6.1",
    label: "6.1.x (every Debian 6.1 carries the backport)",
    first: "6.1.0",
    last: null,
    representative: "6.1.192",
    modelOnly: false,
    basis: "Debian linux-source-6.1 6.1.192; Debian 6.1 kernels under QEMU",
    printer: "6.1",
  },
  "6.12": {
    id: "6.12",
    label: "6.12.x",
    first: "6.12.0",
    last: null,
    representative: "6.12.117",
    modelOnly: false,
    basis: "Debian linux-source-6.12 6.12.117; Debian 6.12 kernels under QEMU",
    printer: "6.12",
  },
  "7.x": {
    id: "7.x",
    label: "7.0 and later",
    first: "7.0.0",
    last: null,
    representative: "7.2.13",
    modelOnly: true,
    basis: "Debian sid linux-source-7.2 7.2.13 (no 7.x kernel is booted by the lab yet)",
    printer: "6.18",
  },
  host: {
    id: "host",
    label: "this machine's kernel (6.18)",
    first: "6.18.0",
    last: "6.18.999",
    representative: "6.18.0",
    modelOnly: false,
    basis: "measured on the host (6.18) through bpf(BPF_PROG_LOAD); 6.12 and 7.2 source for the rest",
    printer: "6.18",
  },
};

/**
 * The features of a line, computed from the table at the line's representative version, or at
 * `pointRelease` (a major.minor.patch the line covers, such as Debian's 5.10.223) when given: the
 * stable backports a point release lacks are then absent too.
 */
export function lineFeatures(line: LineId, pointRelease?: string): FeatureName[] {
  const info = LINES[line];
  const version = pointRelease ?? info.representative;
  const without = pointRelease === undefined ? (info.without ?? []) : [];
  return FEATURE_NAMES.filter((name) => featureInVersion(FEATURES[name], version) && !without.includes(name));
}
