/**
 * src-6.1-tiny for x86_64 and arm64 (Debian's linux-source-6.1, tinyconfig + the lab's fragments, built here) boots
 * under QEMU and the Slurm scenario's loads (1..64 devices, level 1, 8 KiB) give the same
 * outcomes as Debian's own 6.1 cloud kernel booted the same way.
 */
import { join } from "node:path";
import t from "tap";
import { buildImage } from "../../../images/build/api.js";
import { initramfsFor } from "../../../images/resolve.js";
import { loadConfigFile } from "../../../lab/config/load.js";
import { createQemuBackend } from "../../../lab/kernel/qemu/backend.js";
import { REPO_ROOT } from "../../helpers/cli.js";
import { imageOrSkip, qemuSkipReason } from "../../kernel/qemu/helpers/env.js";
import { realSourceTree } from "./source-tree.js";
import { slurmSweep } from "./sweep.js";

const COUNTS = Array.from({ length: 64 }, (_, i) => i + 1);
// Two cold 6.1 builds (about 7 min each on 2 idle cores) do not fit the suite's time budget:
// opt in with LAB_BUILD_SLOW=1 (the 5.10 pair is the suite's real-kernel build).
const slow =
  process.env.LAB_BUILD_SLOW === "1"
    ? false
    : "set LAB_BUILD_SLOW=1 (builds src-6.1-tiny for x86_64 and arm64)";
const source = slow ? { skip: slow } : await realSourceTree("6.1");
for (const arch of ["x86_64", "arm64"] as const) {
  const noQemu = qemuSkipReason(arch) || (process.getuid?.() === 0 ? false : "needs root");
  const debian = noQemu ? { skip: noQemu } : await imageOrSkip("debian:6.1", arch);
  const skip = source.skip || noQemu || ("skip" in debian ? debian.skip : false);

  t.test(`src-6.1-tiny ${arch} boots and equals Debian's 6.1 on the Slurm loads`, { skip }, async (t) => {
    if ("skip" in debian) return;
    const lab = loadConfigFile(join(REPO_ROOT, "lab.yaml"));
    const built = await buildImage("src-6.1-tiny", { lab, arch });
    t.comment(
      `build: cached ${built.cached}, ${built.seconds.toFixed(0)} s, ${built.steps} steps; ${built.source}`,
    );
    const initramfs = await initramfsFor(built.image, {});
    const ours = await createQemuBackend({
      kernel: "src-6.1-tiny",
      arch,
      label: "src61",
      resolve: async () => ({
        kernelPath: built.image.kernelPath,
        initramfsPath: initramfs.path,
        release: built.image.release,
      }),
    });
    t.teardown(() => ours.close());
    t.equal((await ours.identity()).release, built.image.release);
    const mine = await slurmSweep(ours, COUNTS);
    await ours.close();
    const theirs = await createQemuBackend({
      kernel: "debian:6.1",
      arch,
      label: "src61",
      resolve: async () => debian,
    });
    t.teardown(() => theirs.close());
    const reference = await slurmSweep(theirs, COUNTS);
    await theirs.close();
    const outcome = (r: { verdict: string; errno: string | null }) => `${r.verdict}/${r.errno ?? "-"}`;
    t.same(mine.map(outcome), reference.map(outcome), "verdict and errno at every device count");
    const first = (rows: typeof mine) => rows.find((r) => r.verdict === "rejected")?.devices ?? "none";
    t.comment(`first failing: built ${first(mine)}, Debian ${first(reference)}`);
  });
}
