/**
 * The Docker builder and the local builder give the same .config for the same recipe
 * (src-5.10-tiny: tinyconfig + the lab's fragments, olddefconfig, the fragment check), the one in
 * a container of the lab's builder image with no network. Skips when no Docker engine answers.
 */
import { join } from "node:path";
import Docker from "dockerode";
import t from "tap";
import { configureRecipe } from "../../../images/build/api.js";
import { builderTag } from "../../../images/build/docker-image.js";
import { seriesOf } from "../../../images/build/patches.js";
import { findRecipe } from "../../../images/build/recipe.js";
import { loadConfigFile } from "../../../lab/config/load.js";
import { REPO_ROOT } from "../../helpers/cli.js";
import { realSourceTree } from "./source-tree.js";

const noDocker = await new Docker().ping().then(
  () => false as const,
  (e: Error) => `no Docker engine answers (${e.message}); .ci/setup installs and starts one`,
);
// Making the builder image (debootstrap + docker import) takes minutes: done when it exists
// already or with LAB_BUILD_SLOW=1.
const imageReady = noDocker
  ? false
  : await new Docker()
      .getImage(builderTag())
      .inspect()
      .then(
        () => true,
        () => false,
      );
const slow =
  imageReady || process.env.LAB_BUILD_SLOW === "1"
    ? false
    : `no ${builderTag()} image yet: set LAB_BUILD_SLOW=1 to make it`;
const source = noDocker || slow ? { skip: noDocker || slow } : await realSourceTree("5.10");

t.test(
  "local and Docker builders: the same .config for src-5.10-tiny",
  { skip: noDocker || slow || source.skip },
  async (t) => {
    const lab = loadConfigFile(join(REPO_ROOT, "lab.yaml"));
    const recipe = findRecipe(lab, "src-5.10-tiny", "x86_64");
    const series = seriesOf(recipe.patches, recipe.revert);
    const local = await configureRecipe(recipe, series, { lab });
    const docker = await configureRecipe(recipe, series, { lab, builder: "docker" });
    t.not(local.objDir, docker.objDir, "separate output folders");
    t.not(local.key, docker.key, "the toolchain is part of the key");
    const a = local.config.split("\n");
    const b = docker.config.split("\n");
    const differing = a.flatMap((line, i) => (line === b[i] ? [] : [`${line} | ${b[i]}`]));
    t.same(differing, [], "line for line");
    t.equal(a.length, b.length);
    t.match(docker.config, /^CONFIG_BPF_SYSCALL=y$/m);
  },
);
