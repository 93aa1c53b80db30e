/**
 * resolveProfile(version, toggles): a kernel version (`6.1.192`, `5.15.100`, `5.10.0-30-cloud-amd64`,
 * `host`, or a line id) to its line's profile, with `+name,-name` feature toggles applied.
 * Unknown versions and feature names are LAB_ARGS_INVALID errors naming the value.
 */
import { didYouMean } from "../../config/did-you-mean.js";
import { LabError } from "../../errors.js";
import { FEATURE_NAMES, type FeatureName } from "./features.js";
import { LINE_IDS, LINES, type LineId } from "./lines.js";
import { buildProfile, type Profile, type Toggle } from "./profile.js";

export function resolveProfile(version: string, toggles?: string): Profile {
  const line = lineForVersion(version);
  return buildProfile(line, version, parseToggles(toggles ?? ""), pointReleaseOf(version));
}

/**
 * The major.minor.patch a version names, when it names one: `5.10.223`, `6.12.117+deb13-cloud-amd64`.
 * A line id, `host`, a bare `6.1` and Debian's ABI names (`5.10.0-32-cloud-arm64`, whose `.0` is
 * no point release) name none: their line's representative stands for them.
 */
export function pointReleaseOf(version: string): string | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)(.*)$/.exec(version.trim());
  if (!m) return undefined;
  if (m[3] === "0" && /^-\d+/.test(m[4] ?? "")) return undefined;
  return `${m[1]}.${m[2]}.${m[3]}`;
}

/** The line covering a version, or a LAB_ARGS_INVALID error listing the lines. */
export function lineForVersion(version: string): LineId {
  const text = version.trim();
  if ((LINE_IDS as readonly string[]).includes(text)) return text as LineId;
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?(.*)$/.exec(text);
  if (m) {
    const [major, minor] = [Number(m[1]), Number(m[2])];
    const patch = m[3] === undefined ? null : Number(m[3]);
    const line = lineForTriple(major, minor, patch, m[4] ?? "");
    if (line) return line;
  }
  throw new LabError("LAB_ARGS_INVALID", `no model profile covers kernel version "${version}"`, {
    where: { value: version },
    hint: `the model knows these lines: ${describeLines()}; a point release such as 6.1.192 picks its line`,
  });
}

function lineForTriple(major: number, minor: number, patch: number | null, rest: string): LineId | null {
  if (major >= 7) return "7.x";
  if (major === 6 && minor === 18) return "host";
  if (major === 6 && minor === 12) return "6.12";
  if (major === 6 && minor === 1) return "6.1";
  if (major === 5 && minor === 15 && patch !== null) return patch >= 127 ? "5.15.127" : "5.15.126";
  if (major === 5 && minor === 10 && patch !== null) {
    // Debian names its 5.10 kernels by ABI (5.10.0-30-cloud-amd64); all of them in the archive are 5.10.2xx
    if (patch === 0 && /^-\d+/.test(rest)) return "5.10";
    return patch >= 191 ? "5.10" : "5.10-pre-backport";
  }
  return null;
}

function describeLines(): string {
  return LINE_IDS.map(
    (id) => `${id} (${LINES[id].first}${LINES[id].last ? `-${LINES[id].last}` : "+"})`,
  ).join(", ");
}

/** `+a,-b` (spaces allowed, a bare name means +) to toggles; unknown names are errors with a suggestion. */
export function parseToggles(text: string): Toggle[] {
  const out: Toggle[] = [];
  for (const raw of text.split(",")) {
    const item = raw.trim();
    if (item === "") continue;
    const on = !item.startsWith("-");
    const name = item.replace(/^[+-]/, "").trim();
    if (!(FEATURE_NAMES as readonly string[]).includes(name)) {
      throw new LabError(
        "LAB_ARGS_INVALID",
        `unknown model feature "${name}" in --features${didYouMean(name, FEATURE_NAMES)}`,
        {
          where: { value: item },
          hint: "`lab model profiles` lists the features",
        },
      );
    }
    out.push({ on, name: name as FeatureName });
  }
  return out;
}
