/**
 * Debian version ordering (Debian Policy 5.6.12): `[epoch:]upstream[-revision]`, compared part by
 * part; within a part, runs of non-digits compare by the modified ASCII order where `~` sorts before
 * everything (even the end of the string) and letters before other characters, and runs of digits
 * compare numerically.
 */

export interface DebianVersion {
  epoch: number;
  upstream: string;
  revision: string;
}

export function parseDebianVersion(text: string): DebianVersion {
  const colon = text.indexOf(":");
  const epoch = colon >= 0 ? Number.parseInt(text.slice(0, colon), 10) : 0;
  const rest = colon >= 0 ? text.slice(colon + 1) : text;
  const dash = rest.lastIndexOf("-");
  return {
    epoch: Number.isFinite(epoch) ? epoch : 0,
    upstream: dash >= 0 ? rest.slice(0, dash) : rest,
    revision: dash >= 0 ? rest.slice(dash + 1) : "",
  };
}

function charOrder(c: string | undefined): number {
  if (c === undefined) return 0;
  if (c === "~") return -1;
  if (/[A-Za-z]/.test(c)) return c.charCodeAt(0);
  return c.charCodeAt(0) + 256;
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= "0" && c <= "9";
}

/** dpkg's verrevcmp: compares one part (upstream or revision). */
function comparePart(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while ((i < a.length && !isDigit(a[i])) || (j < b.length && !isDigit(b[j]))) {
      const ca = isDigit(a[i]) ? undefined : a[i];
      const cb = isDigit(b[j]) ? undefined : b[j];
      const diff = charOrder(ca) - charOrder(cb);
      if (diff !== 0) return diff;
      i++;
      j++;
    }
    while (a[i] === "0") i++;
    while (b[j] === "0") j++;
    let firstDiff = 0;
    while (isDigit(a[i]) && isDigit(b[j])) {
      if (firstDiff === 0) firstDiff = a.charCodeAt(i) - b.charCodeAt(j);
      i++;
      j++;
    }
    if (isDigit(a[i])) return 1;
    if (isDigit(b[j])) return -1;
    if (firstDiff !== 0) return firstDiff;
  }
  return 0;
}

/** Negative when a < b, zero when equal, positive when a > b, as `dpkg --compare-versions`. */
export function compareDebianVersions(a: string, b: string): number {
  const va = parseDebianVersion(a);
  const vb = parseDebianVersion(b);
  if (va.epoch !== vb.epoch) return va.epoch - vb.epoch;
  const upstream = comparePart(va.upstream, vb.upstream);
  if (upstream !== 0) return upstream;
  return comparePart(va.revision, vb.revision);
}
