import { join } from "node:path";
import t from "tap";
import { buildWithPatches } from "../../../images/build/api.js";
import { findRecipe } from "../../../images/build/recipe.js";
import { makeVarsFor } from "../../../images/build/toolchain.js";
import { loadConfigFile } from "../../../lab/config/load.js";
import { REPO_ROOT } from "../../helpers/cli.js";

const lab = loadConfigFile(join(REPO_ROOT, "lab.yaml"));

t.test("lab.yaml's source recipes", async (t) => {
  const pre = findRecipe(lab, "src-5.10-tiny-prebackport");
  t.equal(pre.source, "debian-src");
  t.same(
    pre.revert.map((p) => p.file.split("/").pop()!.slice(0, 4)),
    ["0001", "0002", "0003"],
  );
  t.equal(findRecipe(lab, "src-6.1-tiny", "arm64").arch, "arm64", "--arch overrides the recipe's");
  t.equal(findRecipe(lab, "linux-5.15.127-tiny").source, "kernel.org");
});

t.test("ids that are not source recipes", async (t) => {
  t.throws(() => findRecipe(lab, "src-5.10-tny"), {
    code: "IMAGE_NOT_FOUND",
    message: /no source recipe "src-5.10-tny"/,
  });
  t.throws(() => findRecipe(lab, "debian-6.1-amd64"), {
    code: "LAB_ARGS_INVALID",
    message: /prebuilt Debian image/,
  });
});

t.test("buildWithPatches refuses a file that is not one of the recipe's patches", async (t) => {
  await t.rejects(buildWithPatches("src-5.10-tiny-prebackport", ["0004-nothing.patch"], { lab }), {
    code: "LAB_ARGS_INVALID",
    message: /0004-nothing.patch is not a patch of recipe src-5.10-tiny-prebackport/,
  });
});

t.test("make variables: ARCH always, CROSS_COMPILE only across arches", async (t) => {
  t.same(makeVarsFor("x86_64", "x86_64"), ["ARCH=x86_64"]);
  t.same(makeVarsFor("arm64", "x86_64"), ["ARCH=arm64", "CROSS_COMPILE=aarch64-linux-gnu-"]);
  t.same(makeVarsFor("x86_64", "arm64"), ["ARCH=x86_64", "CROSS_COMPILE=x86_64-linux-gnu-"]);
});
