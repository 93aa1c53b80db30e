/** Kernel release strings ("6.1.0-28-cloud-amd64", "5.15.127", "6.18.44-fc-v669") as comparable numbers. */
export interface KernelVersion {
  major: number;
  minor: number;
  patch: number;
}

export function parseKernelVersion(release: string): KernelVersion | null {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(release.trim());
  if (!m) return null;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3] ?? 0) };
}

export function compareKernelVersions(a: KernelVersion, b: KernelVersion): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

/** true when `release` is at least major.minor (unknown releases count as new). */
export function isAtLeast(release: string, major: number, minor: number): boolean {
  const v = parseKernelVersion(release);
  if (!v) return true;
  return compareKernelVersions(v, { major, minor, patch: 0 }) >= 0;
}
