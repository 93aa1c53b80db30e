import { spawnSync } from "node:child_process";
import { lstatSync, mkdtempSync, readFileSync, readlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import t from "tap";
import { parentDirs, writeCpio } from "../../../images/initramfs/cpio.js";

const hasCpio = spawnSync("cpio", ["--version"]).status === 0;
const skip = hasCpio ? false : "cpio is not installed";

// Sizes 0..5 cover every padding case of names and data.
const ENTRIES = [
  ...parentDirs(["a/b/c/file3"]),
  { type: "file" as const, path: "a/b/c/file3", data: Buffer.from("abc"), mode: 0o600 },
  { type: "file" as const, path: "empty", data: Buffer.alloc(0) },
  { type: "file" as const, path: "a/five5", data: Buffer.from("12345"), mode: 0o755 },
  {
    type: "file" as const,
    path: "binary",
    data: Buffer.from(Array.from({ length: 1031 }, (_, i) => (i * 7) & 255)),
  },
  { type: "symlink" as const, path: "a/link", target: "b/c/file3" },
  { type: "char" as const, path: "console", major: 5, minor: 1 },
];

t.test("cpio -t lists every entry in order", { skip }, async (t) => {
  const archive = writeCpio(ENTRIES);
  const listed = spawnSync("cpio", ["-t", "--quiet"], { input: archive, encoding: "utf8" });
  t.equal(listed.status, 0, listed.stderr);
  t.same(
    listed.stdout.trim().split("\n"),
    ENTRIES.map((e) => e.path),
  );
  const verbose = spawnSync("cpio", ["-tv", "--quiet"], { input: archive, encoding: "utf8" });
  t.match(verbose.stdout, /^crw-------\s+1 root\s+root\s+5,\s+1 .* console$/m, "a char device 5,1");
  t.match(verbose.stdout, /^lrwxrwxrwx .* a\/link -> b\/c\/file3$/m);
});

t.test("cpio -i extracts the same bytes, modes and links", { skip }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "lab-cpio-"));
  const files = ENTRIES.filter((e) => e.type !== "char");
  const archive = writeCpio(files);
  const out = spawnSync("cpio", ["-i", "--quiet", "--make-directories", "--no-absolute-filenames"], {
    input: archive,
    cwd: dir,
    encoding: "utf8",
  });
  t.equal(out.status, 0, out.stderr);
  for (const entry of files) {
    const path = join(dir, entry.path);
    if (entry.type === "file") {
      t.same(readFileSync(path), Buffer.from(entry.data), entry.path);
      t.equal(lstatSync(path).mode & 0o777, entry.mode ?? 0o644, `${entry.path} mode`);
    }
    if (entry.type === "symlink") t.equal(readlinkSync(path), entry.target);
    if (entry.type === "dir") t.ok(lstatSync(path).isDirectory(), entry.path);
  }
});

t.test("equal inputs give equal bytes; the trailer ends the archive", async (t) => {
  const a = writeCpio(ENTRIES);
  t.same(a, writeCpio(ENTRIES));
  t.equal(a.length % 4, 0);
  t.match(a.subarray(-124).toString("latin1"), /^070701.*TRAILER!!!\0+$/s);
});

t.test("parentDirs lists each parent once, parents first", async (t) => {
  t.same(
    parentDirs(["x/y/z", "x/y/w", "x/v"]).map((e) => e.path),
    ["x", "x/y"],
  );
});
