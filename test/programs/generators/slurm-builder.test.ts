/** The parity test's patch filter: only the diff sections for the files we extract are kept. */
import t from "tap";
import { filterPatch } from "./slurm-builder.js";

// A made-up quilt patch touching three files (no Slurm text).
const PATCH = [
  "Description: example",
  "Index: pkg/src/a.c",
  "--- pkg.orig/src/a.c",
  "+++ pkg/src/a.c",
  "@@ -1 +1 @@",
  "-old a",
  "+new a",
  "diff --git a/src/plugins/cgroup/v2/ebpf.c b/src/plugins/cgroup/v2/ebpf.c",
  "--- a/src/plugins/cgroup/v2/ebpf.c\t2024-01-01",
  "+++ b/src/plugins/cgroup/v2/ebpf.c\t2024-01-02",
  "@@ -2,1 +2,1 @@",
  "--- a removed line that looks like a header",
  "+new ebpf",
  "--- pkg.orig/src/b.c",
  "+++ pkg/src/b.c",
  "@@ -1 +1 @@",
  "-old b",
  "+new b",
  "",
].join("\n");

t.test("keeps the sections for the wanted paths, as patch -p1 names them", async (t) => {
  const part = filterPatch(PATCH, ["src/plugins/cgroup/v2/ebpf.c"]);
  t.equal(
    part,
    [
      "--- a/src/plugins/cgroup/v2/ebpf.c\t2024-01-01",
      "+++ b/src/plugins/cgroup/v2/ebpf.c\t2024-01-02",
      "@@ -2,1 +2,1 @@",
      "--- a removed line that looks like a header",
      "+new ebpf",
      "",
    ].join("\n"),
  );
  t.equal(filterPatch(PATCH, ["src/b.c"]).split("\n")[0], "--- pkg.orig/src/b.c");
  t.equal(filterPatch(PATCH, ["src/c.c"]), "", "nothing for an untouched file");
});
