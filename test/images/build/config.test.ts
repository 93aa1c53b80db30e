import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import t from "tap";
import {
  checkFragmentsStuck,
  mergeFragments,
  optionsNotStuck,
  parseConfig,
} from "../../../images/build/config.js";
import { isLabError } from "../../../lab/errors.js";
import { realSourceTree } from "./source-tree.js";

t.test("parseConfig reads set and unset options with their lines", async (t) => {
  const options = parseConfig('# comment\nCONFIG_A=y\n# CONFIG_B is not set\nCONFIG_C="x y"\n');
  t.same(options, [
    { name: "CONFIG_A", value: "y", line: 2 },
    { name: "CONFIG_B", value: "n", line: 3 },
    { name: "CONFIG_C", value: '"x y"', line: 4 },
  ]);
});

t.test("mergeFragments replaces in place, appends new symbols, later fragments win", async (t) => {
  const base = "CONFIG_A=y\n# CONFIG_B is not set\nCONFIG_C=m\n";
  const merged = mergeFragments(base, [
    { file: "f1", text: "CONFIG_B=y\nCONFIG_D=y\n" },
    { file: "f2", text: "# CONFIG_A is not set\nCONFIG_D=m\n" },
  ]);
  t.equal(merged, "# CONFIG_A is not set\nCONFIG_B=y\nCONFIG_C=m\nCONFIG_D=m\n");
});

t.test("an option that did not stick is an error naming it and its fragment line", async (t) => {
  const fragments = [{ file: "/x/frag.config", text: "CONFIG_A=y\n\nCONFIG_B=y\n# CONFIG_C is not set\n" }];
  t.same(optionsNotStuck("CONFIG_A=y\n# CONFIG_C is not set\n", fragments), [
    { option: "CONFIG_B", wanted: "y", got: "n", file: "/x/frag.config", line: 3 },
  ]);
  try {
    checkFragmentsStuck("CONFIG_A=y\nCONFIG_C=y\n", fragments, ".config");
    t.fail("no error");
  } catch (error) {
    t.ok(isLabError(error) && error.code === "IMAGE_CONFIG_NOT_SET");
    if (!isLabError(error)) return;
    t.match(error.message, /CONFIG_B=y \(\/x\/frag.config:3\) is n/);
    t.match(error.message, /# CONFIG_C is not set \(\/x\/frag.config:4\) is y/);
    t.same(error.where, { file: "/x/frag.config", line: 3, col: 1, value: "CONFIG_B" });
  }
});

const source = await realSourceTree("5.10");
t.test(
  "on the real linux-source-5.10: BPF_JIT without NET does not stick",
  { skip: source.skip },
  async (t) => {
    const { configure } = await import("../../../images/build/kconfig.js");
    const obj = mkdtempSync(join(tmpdir(), "lab-kconfig-"));
    const fragment = join(obj, "bad.config");
    writeFileSync(fragment, "CONFIG_BPF_SYSCALL=y\n# CONFIG_NET is not set\nCONFIG_BPF_JIT=y\n");
    const log = join(obj, "log");
    const make = { src: source.tree!, obj, vars: ["ARCH=x86_64"], log, jobs: 2 };
    const recipe = { base: "tinyconfig" as const, debianImage: null, fragments: [fragment] };
    const fragments = [
      { file: fragment, text: "CONFIG_BPF_SYSCALL=y\n# CONFIG_NET is not set\nCONFIG_BPF_JIT=y\n" },
    ];
    await t.rejects(configure({ recipe, fragments, debianBase: null }, make), {
      code: "IMAGE_CONFIG_NOT_SET",
      where: { file: fragment, line: 3, value: "CONFIG_BPF_JIT" },
    });
  },
);
