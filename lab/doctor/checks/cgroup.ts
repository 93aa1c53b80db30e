/** cgroup v2: where it is mounted, from /proc/self/mountinfo (never assumed). */
import { readText } from "../probe.js";
import { type Check, missing, ok } from "../types.js";

export interface Mount {
  mountPoint: string;
  fsType: string;
  source: string;
}

/** mountinfo lines: `ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTS [OPTIONAL...] - FSTYPE SOURCE SUPEROPTS` */
export function parseMountinfo(text: string): Mount[] {
  const mounts: Mount[] = [];
  for (const line of text.split("\n")) {
    const fields = line.trim().split(" ");
    const dash = fields.indexOf("-");
    if (fields.length < 5 || dash < 0 || dash + 2 >= fields.length) continue;
    mounts.push({
      mountPoint: unescapeOctal(fields[4]!),
      fsType: fields[dash + 1]!,
      source: fields[dash + 2]!,
    });
  }
  return mounts;
}

/** mountinfo escapes space, tab, newline and backslash as octal */
function unescapeOctal(text: string): string {
  return text.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)));
}

export const cgroup2Check: Check = {
  id: "cgroup2",
  title: "cgroup v2",
  run: () => {
    const how = "/proc/self/mountinfo";
    const text = readText("/proc/self/mountinfo");
    const mounts = text === null ? [] : parseMountinfo(text);
    const v2 = mounts.filter((m) => m.fsType === "cgroup2").map((m) => m.mountPoint);
    const v1Devices = mounts.some((m) => m.fsType === "cgroup" && /(^|\/)devices$/.test(m.mountPoint));
    if (v2.length === 0)
      return missing(
        "no cgroup2 mount",
        how,
        "mkdir -p /sys/fs/cgroup/unified && mount -t cgroup2 none /sys/fs/cgroup/unified",
      );
    const note = v1Devices ? "; the v1 devices controller is mounted too" : "";
    return ok(`cgroup2 at ${v2.join(", ")}${note}`, how);
  },
};
