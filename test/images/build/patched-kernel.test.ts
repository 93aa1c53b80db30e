/**
 * A patch made at run time: a one-line change of the test's own to a copy of kernel/bpf/verifier.c
 * of the real linux-source-5.10, diffed with `diff -u`, pinned by its SHA256 in a recipe derived
 * from src-5.10-tiny. Both kernels are built (the patched one incrementally: same tree and output
 * folder) and booted; the change shows in the booted kernel's verifier log and nowhere else.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { execaSync } from "execa";
import t, { type Test } from "tap";
import { buildRecipe } from "../../../images/build/local.js";
import { appliedSteps, seriesOf, sha256Of, syncSeries } from "../../../images/build/patches.js";
import { findRecipe } from "../../../images/build/recipe.js";
import type { CachedImage } from "../../../images/cache/images.js";
import { initramfsFor } from "../../../images/resolve.js";
import { loadConfigFile } from "../../../lab/config/load.js";
import { createQemuBackend } from "../../../lab/kernel/qemu/backend.js";
import { slurmDeviceProgram } from "../../../lab/programs/generators/slurm-device.js";
import { REPO_ROOT } from "../../helpers/cli.js";
import { qemuSkipReason } from "../../kernel/qemu/helpers/env.js";
import { realSourceTree } from "./source-tree.js";

const MARK = "lab-patched: ";
const source = await realSourceTree("5.10");
const skip = source.skip || qemuSkipReason("x86_64") || (process.getuid?.() === 0 ? false : "needs root");

/** The pristine verifier.c (the tree may have a series applied) with the line changed, as a diff. */
async function makePatch(dir: string): Promise<string> {
  const mini = join(dir, "mini");
  mkdirSync(join(mini, "kernel/bpf"), { recursive: true });
  writeFileSync(
    join(mini, "kernel/bpf/verifier.c"),
    readFileSync(join(source.tree!, "kernel/bpf/verifier.c")),
  );
  execaSync("cp", ["-r", join(source.tree!, ".lab-series"), join(mini, ".lab-series")], { reject: false });
  if (appliedSteps(mini).length) await syncSeries(mini, []);
  const original = readFileSync(join(mini, "kernel/bpf/verifier.c"), "utf8");
  const changed = original.replace(
    'verbose(env, "processed %d insns (limit %d)',
    `verbose(env, "${MARK}processed %d insns (limit %d)`,
  );
  if (changed === original) throw new Error("the line to change is not in verifier.c");
  writeFileSync(join(dir, "verifier.c.new"), changed);
  writeFileSync(join(dir, "verifier.c.orig"), original);
  const { stdout } = execaSync(
    "diff",
    [
      "-u",
      "--label",
      "a/kernel/bpf/verifier.c",
      "--label",
      "b/kernel/bpf/verifier.c",
      join(dir, "verifier.c.orig"),
      join(dir, "verifier.c.new"),
    ],
    { reject: false },
  );
  const patch = join(dir, "lab-test-processed-line.patch");
  writeFileSync(patch, `${stdout}\n`);
  return patch;
}

async function logOf(image: CachedImage, label: string, t: Test): Promise<string> {
  const initramfs = await initramfsFor(image, {});
  const backend = await createQemuBackend({
    kernel: image.id,
    arch: "x86_64",
    label,
    resolve: async () => ({
      kernelPath: image.kernelPath,
      initramfsPath: initramfs.path,
      release: image.release,
    }),
  });
  t.teardown(() => backend.close());
  const result = await backend.load({
    program: slurmDeviceProgram({ devices: 2 }),
    logLevel: 1,
    logSize: 65536,
  });
  await backend.close();
  t.equal(result.verdict, "accepted");
  return result.log;
}

t.test("a one-line patch made at run time changes the booted kernel", { skip }, async (t) => {
  const lab = loadConfigFile(join(REPO_ROOT, "lab.yaml"));
  const base = findRecipe(lab, "src-5.10-tiny", "x86_64");
  const patch = await makePatch(t.testdir());
  const ref = { file: patch, sha256: sha256Of(readFileSync(patch)) };
  const plain = await buildRecipe(base, seriesOf(base.patches, base.revert), { lab });
  const patched = await buildRecipe(
    { ...base, id: "src-5.10-tiny-testpatch", patches: [ref] },
    seriesOf([ref], []),
    { lab },
  );
  t.comment(
    `plain: cached ${plain.cached} ${plain.seconds.toFixed(0)} s; patched: cached ${patched.cached} ${patched.seconds.toFixed(0)} s, ${patched.steps} steps`,
  );
  t.not(plain.key, patched.key, "the patch is part of the cache key");
  const withPatch = await logOf(patched.image, "testpatch", t);
  const without = await logOf(plain.image, "testplain", t);
  t.match(withPatch, new RegExp(`^${MARK}processed \\d+ insns`, "m"));
  t.notMatch(without, new RegExp(MARK));
  t.match(without, /^processed \d+ insns/m);
});
