import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { execaSync } from "execa";
import t from "tap";
import {
  appliedSteps,
  hunkLine,
  parsePatchFailure,
  seriesOf,
  sha256Of,
  syncSeries,
} from "../../../images/build/patches.js";
import { REPO_ROOT } from "../../helpers/cli.js";
import { realSourceTree } from "./source-tree.js";

/** A tree with one file, and a patch made with diff -u from a one-line change. */
function fixture() {
  const dir = mkdtempSync(join(tmpdir(), "lab-patch-"));
  const tree = join(dir, "tree");
  mkdirSync(join(tree, "src"), { recursive: true });
  const lines = Array.from({ length: 40 }, (_, i) => `line ${i + 1}`);
  writeFileSync(join(tree, "src/a.c"), `${lines.join("\n")}\n`);
  const changed = [...lines];
  changed[4] = "line five changed";
  changed[30] = "line thirty-one changed";
  writeFileSync(join(dir, "a.new"), `${changed.join("\n")}\n`);
  const diff = execaSync(
    "diff",
    ["-u", "--label", "a/src/a.c", "--label", "b/src/a.c", join(tree, "src/a.c"), join(dir, "a.new")],
    {
      reject: false,
    },
  ).stdout;
  const patch = join(dir, "one.patch");
  writeFileSync(patch, `${diff}\n`);
  return { dir, tree, patch, ref: { file: patch, sha256: sha256Of(readFileSync(patch)) } };
}

t.test("a series applies, is remembered, and is undone when the recipe drops it", async (t) => {
  const { tree, ref } = fixture();
  const steps = seriesOf([ref], []);
  const first = await syncSeries(tree, steps);
  t.equal(first.applied.length, 1);
  t.match(readFileSync(join(tree, "src/a.c"), "utf8"), /line five changed/);
  t.same(
    appliedSteps(tree).map((s) => s.sha256),
    [ref.sha256],
  );
  const again = await syncSeries(tree, steps);
  t.same([again.undone.length, again.applied.length], [0, 0], "nothing to do when unchanged");
  const back = await syncSeries(tree, []);
  t.equal(back.undone.length, 1);
  t.notMatch(readFileSync(join(tree, "src/a.c"), "utf8"), /changed/);
  t.same(appliedSteps(tree), []);
});

t.test("revert: a change the tree ships is taken out with patch -R, and put back when dropped", async (t) => {
  const { tree, patch, ref } = fixture();
  execaSync("patch", ["-p1", "-s", "-d", tree, "-i", patch]);
  const shipped = readFileSync(join(tree, "src/a.c"), "utf8");
  const reverted = await syncSeries(tree, seriesOf([], [ref]));
  t.same(
    reverted.applied.map((s) => s.reverse),
    [true],
  );
  t.notMatch(readFileSync(join(tree, "src/a.c"), "utf8"), /changed/);
  await syncSeries(tree, []);
  t.equal(readFileSync(join(tree, "src/a.c"), "utf8"), shipped);
  await t.rejects(
    syncSeries(tree, seriesOf([ref], [])),
    { code: "IMAGE_PATCH_FAILED" },
    "already applied: refused",
  );
});

t.test("a patch that does not apply names the patch file, the target file and the hunk", async (t) => {
  const { tree, patch, ref } = fixture();
  const text = readFileSync(join(tree, "src/a.c"), "utf8").replace("line 31\n", "line 31 edited elsewhere\n");
  writeFileSync(join(tree, "src/a.c"), text);
  const before = readFileSync(join(tree, "src/a.c"), "utf8");
  const error = await syncSeries(tree, seriesOf([ref], [])).then(
    () => null,
    (e: unknown) => e,
  );
  t.match(error, { code: "IMAGE_PATCH_FAILED", where: { file: patch, value: /^src\/a\.c hunk #2/ } });
  t.match((error as Error).message, /one\.patch does not apply to .*: src\/a\.c hunk #2/);
  const line = hunkLine(readFileSync(patch, "utf8"), "src/a.c", 2);
  t.ok(line && line > 3);
  t.match(error, { where: { line } }, "points at the hunk's @@ line in the patch file");
  t.equal(readFileSync(join(tree, "src/a.c"), "utf8"), before, "the tree is left as it was");
  t.same(appliedSteps(tree), []);
});

t.test("a patch whose SHA256 differs from the pin is refused before anything is applied", async (t) => {
  const { tree, ref } = fixture();
  await t.rejects(syncSeries(tree, seriesOf([{ ...ref, sha256: "0".repeat(64) }], [])), {
    code: "IMAGE_PATCH_MISMATCH",
    where: { file: ref.file, value: ref.sha256 },
  });
  t.notMatch(readFileSync(join(tree, "src/a.c"), "utf8"), /changed/);
});

t.test("parsePatchFailure reads GNU patch output", async (t) => {
  const out =
    "checking file kernel/bpf/verifier.c\nHunk #1 succeeded at 2073 (offset 20 lines).\nHunk #3 FAILED at 9928.\n1 out of 3 hunks FAILED\n";
  t.same(parsePatchFailure(out), { target: "kernel/bpf/verifier.c", hunk: 3, at: 9928 });
  t.equal(parsePatchFailure("checking file x\n"), null);
});

const SERIES_DIR = join(REPO_ROOT, "images", "patches", "5.10-precision-backport");
const source = await realSourceTree("5.10");
t.test(
  "the precision revert series applies (reversed) to the real linux-source-5.10",
  { skip: source.skip },
  async (t) => {
    const { loadConfigFile } = await import("../../../lab/config/load.js");
    const recipe = loadConfigFile(join(REPO_ROOT, "lab.yaml")).images["src-5.10-tiny-prebackport"];
    if (!recipe || recipe.source === "debian") return t.fail("no src-5.10-tiny-prebackport recipe");
    t.equal(recipe.revert.length, 3);
    t.ok(recipe.revert.every((p) => dirname(p.file) === SERIES_DIR));
    // a copy of verifier.c with the tree's series state, brought back to the source as shipped
    const mini = mkdtempSync(join(tmpdir(), "lab-510-"));
    mkdirSync(join(mini, "kernel/bpf"), { recursive: true });
    copyFileSync(join(source.tree!, "kernel/bpf/verifier.c"), join(mini, "kernel/bpf/verifier.c"));
    if (existsSync(join(source.tree!, ".lab-series")))
      cpSync(join(source.tree!, ".lab-series"), join(mini, ".lab-series"), { recursive: true });
    await syncSeries(mini, []);
    const shipped = readFileSync(join(mini, "kernel/bpf/verifier.c"), "utf8");
    t.match(shipped, /mark_all_scalars_imprecise\(env, cur\)/, "5.10 as shipped carries the backport");
    const change = await syncSeries(mini, seriesOf([], recipe.revert));
    t.same(
      change.applied.map((s) => s.file.split("/").pop()?.slice(0, 4)),
      ["0003", "0002", "0001"],
    );
    const reverted = readFileSync(join(mini, "kernel/bpf/verifier.c"), "utf8");
    t.notMatch(reverted, /mark_all_scalars_imprecise/);
    t.notMatch(reverted, /BUG backtracing func entry/);
    t.match(reverted, /reg->precise = env->subprog_cnt > 1 \|\| !env->bpf_capable;/);
    t.match(reverted, /if \(!rold->precise && !rcur->precise\)/);
    await syncSeries(mini, []);
    t.equal(
      readFileSync(join(mini, "kernel/bpf/verifier.c"), "utf8"),
      shipped,
      "undoing gives the shipped file back",
    );
  },
);
