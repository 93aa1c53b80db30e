/** The Slurm device program at 1..N devices, loaded as Slurm 22.05 does (level 1, 8 KiB log). */
import type { Backend } from "../../../lab/backend.js";
import { slurmDeviceProgram } from "../../../lab/programs/generators/slurm-device.js";

export interface SweepRow {
  devices: number;
  verdict: "accepted" | "rejected";
  errno: string | null;
  logBytes: number;
  log: string;
}

export async function slurmSweep(backend: Backend, counts: number[]): Promise<SweepRow[]> {
  const rows: SweepRow[] = [];
  for (const devices of counts) {
    const program = slurmDeviceProgram({ devices });
    const result = await backend.load({ program, logLevel: 1, logSize: 8192, statsReload: false });
    rows.push({
      devices,
      verdict: result.verdict,
      errno: result.errno,
      logBytes: Buffer.byteLength(result.log),
      log: result.log,
    });
  }
  return rows;
}

export function firstFailing(rows: SweepRow[]): SweepRow | null {
  return rows.find((r) => r.verdict === "rejected") ?? null;
}
