/**
 * buildWithPatches over the precision revert series (what `lab bisect --patches` runs): the
 * series reverted from the newest commit back, one more each step, each kernel booted and the
 * Slurm program loaded at 1..64 devices. The step that moves the first failing device count names
 * the commit responsible. Two incremental 5.10 builds beyond the pair: opt in with
 * LAB_BUILD_BISECT=1.
 */
import { basename, join } from "node:path";
import t from "tap";
import { buildWithPatches } from "../../../images/build/api.js";
import { initramfsFor } from "../../../images/resolve.js";
import { loadConfigFile } from "../../../lab/config/load.js";
import { createQemuBackend } from "../../../lab/kernel/qemu/backend.js";
import { REPO_ROOT } from "../../helpers/cli.js";
import { qemuSkipReason } from "../../kernel/qemu/helpers/env.js";
import { realSourceTree } from "./source-tree.js";
import { firstFailing, slurmSweep } from "./sweep.js";

const optIn =
  process.env.LAB_BUILD_BISECT === "1" ? false : "set LAB_BUILD_BISECT=1 (two more incremental 5.10 builds)";
const source = optIn ? { skip: optIn } : await realSourceTree("5.10");
const skip = optIn || source.skip || qemuSkipReason("x86_64");

t.test("reverting the series newest first: the step that moves the first failure", { skip }, async (t) => {
  const lab = loadConfigFile(join(REPO_ROOT, "lab.yaml"));
  const recipe = lab.images["src-5.10-tiny-prebackport"];
  if (!recipe || recipe.source === "debian") return t.fail("no recipe");
  const files = recipe.revert.map((p) => basename(p.file));
  const firsts: Array<{ reverted: string[]; first: number | null }> = [];
  for (let k = 0; k <= files.length; k++) {
    const subset = files.slice(files.length - k);
    const built = await buildWithPatches("src-5.10-tiny-prebackport", subset, { lab, arch: "x86_64" });
    const initramfs = await initramfsFor(built.image, {});
    const backend = await createQemuBackend({
      kernel: built.image.id,
      arch: "x86_64",
      label: "bisect510",
      resolve: async () => ({
        kernelPath: built.image.kernelPath,
        initramfsPath: initramfs.path,
        release: built.image.release,
      }),
    });
    t.teardown(() => backend.close());
    const rows = await slurmSweep(
      backend,
      Array.from({ length: 64 }, (_, i) => i + 1),
    );
    await backend.close();
    firsts.push({ reverted: subset.map((f) => f.slice(0, 4)), first: firstFailing(rows)?.devices ?? null });
  }
  t.comment(JSON.stringify(firsts));
  const moved = firsts.findIndex((s, i) => i > 0 && s.first !== firsts[i - 1]!.first);
  t.ok(moved > 0, "one step moves the first failing device count");
  const responsible = files[files.length - moved]!;
  t.match(
    responsible,
    /^0002-bpf-stop-setting-precise-in-current-state/,
    `the responsible commit: ${responsible}`,
  );
  t.equal(firsts.at(-1)!.first, firsts[moved]!.first, "reverting the rest changes nothing more");
});
