/**
 * The 2023 precision backport on real kernels: Debian's linux-source-5.10 built as shipped
 * (src-5.10-tiny) and with the three backport commits reverted (src-5.10-tiny-prebackport; the
 * same tree and output folder, so the second build is incremental), both booted under QEMU, and
 * the Slurm program at 1..64 devices (level 1, 8 KiB log) loaded in one boot per kernel. The
 * backport moves the first device count that fails (ENOSPC: the log outgrew 8 KiB).
 * Budget: the two builds once per machine (cached under $LAB_CACHE), then two boots.
 */
import { join } from "node:path";
import t, { type Test } from "tap";
import { buildImage } from "../../../images/build/api.js";
import { initramfsFor } from "../../../images/resolve.js";
import { openBackend } from "../../../lab/backends.js";
import { loadConfigFile } from "../../../lab/config/load.js";
import { createQemuBackend } from "../../../lab/kernel/qemu/backend.js";
import { REPO_ROOT } from "../../helpers/cli.js";
import { qemuSkipReason } from "../../kernel/qemu/helpers/env.js";
import { realSourceTree } from "./source-tree.js";
import { firstFailing, type SweepRow, slurmSweep } from "./sweep.js";

const COUNTS = Array.from({ length: 64 }, (_, i) => i + 1);
const source = await realSourceTree("5.10");
const skip =
  source.skip ||
  qemuSkipReason("x86_64") ||
  (process.getuid?.() === 0 ? false : "needs root for QEMU's agent");

async function sweepOn(
  id: string,
  t: Test,
): Promise<{
  release: string;
  rows: SweepRow[];
  build: { cached: boolean; seconds: number; steps: number };
}> {
  const lab = loadConfigFile(join(REPO_ROOT, "lab.yaml"));
  const built = await buildImage(id, { lab, arch: "x86_64" });
  const initramfs = await initramfsFor(built.image, {});
  const backend = await createQemuBackend({
    kernel: id,
    arch: "x86_64",
    label: "backport510",
    resolve: async () => ({
      kernelPath: built.image.kernelPath,
      initramfsPath: initramfs.path,
      release: built.image.release,
    }),
  });
  t.teardown(() => backend.close());
  const rows = await slurmSweep(backend, COUNTS);
  await backend.close();
  return {
    release: built.image.release,
    rows,
    build: { cached: built.cached, seconds: built.seconds, steps: built.steps },
  };
}

t.test(
  "src-5.10-tiny vs src-5.10-tiny-prebackport: the backport moves the first failing device count",
  { skip },
  async (t) => {
    const shipped = await sweepOn("src-5.10-tiny", t);
    const pre = await sweepOn("src-5.10-tiny-prebackport", t);
    t.comment(`builds: shipped ${JSON.stringify(shipped.build)}, prebackport ${JSON.stringify(pre.build)}`);
    t.equal(shipped.release, pre.release, "one source, one release");
    const a = firstFailing(shipped.rows);
    const b = firstFailing(pre.rows);
    t.comment(
      `first failing device count: shipped ${a?.devices ?? "none"}, prebackport ${b?.devices ?? "none"}`,
    );
    t.ok(a, "the shipped 5.10 (with the backport) fails within 1..64 devices");
    t.equal(a?.errno, "ENOSPC", "because the 8 KiB level-1 log overflowed");
    t.ok(!b || (a && b.devices > a.devices), "without the backport the first failure comes later (or never)");
    const verdicts = (rows: SweepRow[]) =>
      rows.map((r) => (r.verdict === "accepted" ? "A" : r.errno === "ENOSPC" ? "N" : "R")).join("");
    t.comment(`1..64 (A accepted, N ENOSPC): shipped     ${verdicts(shipped.rows)}`);
    t.comment(`1..64 (A accepted, N ENOSPC): prebackport ${verdicts(pre.rows)}`);
    for (const [rows, profile] of [
      [shipped.rows, "5.10"],
      [pre.rows, "5.10-pre-backport"],
    ] as const) {
      const model = await openBackend("model", { kernel: profile, arch: "x86_64" });
      const modelRows = await slurmSweep(model, COUNTS);
      await model.close();
      t.ok(
        rows.every((r) => r.log.length > 0),
        "every load returned a log",
      );
      const differ = rows.filter((r, i) => r.log !== modelRows[i]!.log || r.errno !== modelRows[i]!.errno);
      t.same(
        differ.map((r) => r.devices),
        [],
        `the model's ${profile} profile equals the booted kernel byte for byte (level-1 logs, 1..64)`,
      );
    }
    t.matchSnapshot(
      {
        shipped: {
          firstFailing: a?.devices ?? null,
          errno: a?.errno ?? null,
          verdicts: verdicts(shipped.rows),
        },
        prebackport: {
          firstFailing: b?.devices ?? null,
          errno: b?.errno ?? null,
          verdicts: verdicts(pre.rows),
        },
      },
      "first failing device counts (measured on the booted kernels)",
    );
  },
);
