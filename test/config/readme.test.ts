/** The examples in scenarios/README.md are real: they pass the pipeline they document. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import t from "tap";
import { countCells } from "../../lab/config/cells.js";
import { loadConfigFile } from "../../lab/config/load.js";
import { validateDocument } from "../../lab/config/validate.js";
import { GENERATORS } from "../../lab/programs/generators/index.js";
import { REPO_ROOT } from "../helpers/cli.js";

const doc = readFileSync(join(REPO_ROOT, "scenarios", "README.md"), "utf8");
const blocks = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);

t.test("the complete scenario example validates, files and generators included", async (t) => {
  const example = blocks.find((b) => b.includes("programs:"))!;
  const lab = loadConfigFile(join(REPO_ROOT, "lab.yaml"));
  const { existsSync } = await import("node:fs");
  const s = validateDocument(example, join(REPO_ROOT, "scenarios", "example.yaml"), "scenario", {
    lab,
    generators: GENERATORS,
    fileExists: existsSync,
  }).value;
  t.equal(s.programs.length, 65);
  t.equal(s.loaders.length, 2);
  t.same(
    s.targets.map((x) => x.key.replace(/\/(x86_64|arm64)$/, "")),
    [
      "host:host",
      "qemu:debian:5.10",
      "qemu:debian:6.1",
      "qemu:debian:6.12",
      "qemu:debian-6.1-arm64",
      "model:5.15.126",
      "model:5.15.127",
      "model:debian:6.1",
      "model:host",
    ],
  );
  t.equal(countCells(s), 65 * 2 * 9);
  t.equal(s.expect.length, 3);
  t.equal(s.probes[0]!.cgroupDevice.program?.key, "slurm[devices=8]");
});

t.test("the lab.yaml example validates", async (t) => {
  const example = blocks.find((b) => b.includes("images:"))!;
  const lab = validateDocument(example, join(REPO_ROOT, "lab.yaml"), "lab").value;
  t.same(Object.keys(lab.images), ["debian-6.1-arm64", "src-6.1-tiny", "k-5.15.127", "my-tree"]);
});
