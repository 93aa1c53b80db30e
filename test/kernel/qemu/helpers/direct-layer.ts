/**
 * A test-only initramfs layer that runs the independent direct loader (test/fixtures/direct-load)
 * inside the guest, in the same boot the lab then asks through its agent. The layer replaces
 * /bin/lab-agent with a script that first loads every program with direct-load, printing one
 * `LAB-DIRECT <name> <json>` line each on the console, and then execs the real agent (kept as
 * /test/lab-agent). The lab's /init is unchanged; the results are in the console log by the time
 * the agent says hello.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { buildAgent } from "../../../../images/agent/build.js";
import { type CpioEntry, writeCpio } from "../../../../images/initramfs/cpio.js";
import type { Arch } from "../../../../lab/backend.js";
import { buildDirectLoad } from "../../helpers/agent.js";

export const DIRECT_MARKER = "LAB-DIRECT";

export interface DirectProgram {
  name: string;
  insns: Uint8Array;
  /** direct-load's flags, e.g. --prog-type 15 --log-level 1 --log-size 8192 --reload */
  args: string[];
}

/** Writes `<base initramfs> + <layer>` to `dir` and returns its path. */
export async function withDirectLayer(
  arch: Arch,
  baseInitramfs: string,
  programs: DirectProgram[],
  dir: string,
): Promise<string> {
  const direct = readFileSync(await buildDirectLoad(arch));
  const agent = readFileSync(await buildAgent(arch));
  const lines = programs.map(
    (p) =>
      `echo "${DIRECT_MARKER} ${p.name} $(/test/direct-load ${p.args.join(" ")} --file /test/${p.name}.bin 2>&1)" >/dev/console`,
  );
  const wrapper = [
    "#!/bin/sh",
    ...lines,
    `echo "${DIRECT_MARKER} done" >/dev/console`,
    'exec /test/lab-agent "$@"',
    "",
  ];
  const entries: CpioEntry[] = [
    { type: "dir", path: "test" },
    { type: "file", path: "test/direct-load", data: direct, mode: 0o755 },
    { type: "file", path: "test/lab-agent", data: agent, mode: 0o755 },
    ...programs.map(
      (p): CpioEntry => ({ type: "file", path: `test/${p.name}.bin`, data: p.insns, mode: 0o644 }),
    ),
    { type: "file", path: "bin/lab-agent", data: Buffer.from(wrapper.join("\n")), mode: 0o755 },
  ];
  const path = join(dir, `initramfs-direct-${arch}.cpio.gz`);
  writeFileSync(path, Buffer.concat([readFileSync(baseInitramfs), gzipSync(writeCpio(entries))]));
  return path;
}

/** The direct loader's JSON per program name, read back from the console log. */
export function directResults(consolePath: string): Map<string, unknown> {
  const results = new Map<string, unknown>();
  for (const line of readFileSync(consolePath, "utf8").split(/\r?\n/)) {
    const at = line.indexOf(`${DIRECT_MARKER} `);
    if (at < 0) continue;
    const rest = line.slice(at + DIRECT_MARKER.length + 1);
    const space = rest.indexOf(" ");
    if (space < 0) continue; // "done"
    results.set(rest.slice(0, space), JSON.parse(rest.slice(space + 1)));
  }
  return results;
}
