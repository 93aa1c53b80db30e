import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import t from "tap";
import { readTar } from "../../../images/debian/tar.js";

async function* chunked(data: Buffer, size: number): AsyncIterable<Uint8Array> {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}

const LONG = `${"deep/".repeat(30)}name-longer-than-a-hundred-bytes.ko`;

function makeTree(): string {
  const dir = mkdtempSync(join(tmpdir(), "lab-tar-"));
  mkdirSync(join(dir, "boot"));
  writeFileSync(join(dir, "boot", "vmlinuz-1"), Buffer.alloc(1000, 7));
  writeFileSync(join(dir, "boot", "config-1"), "CONFIG_BPF=y\n");
  mkdirSync(join(dir, ...LONG.split("/").slice(0, -1)), { recursive: true });
  writeFileSync(join(dir, LONG), Buffer.alloc(513, 1));
  symlinkSync("vmlinuz-1", join(dir, "boot", "vmlinuz"));
  writeFileSync(join(dir, "empty"), "");
  return dir;
}

for (const format of ["gnu", "posix", "ustar"]) {
  t.test(`reads GNU tar's ${format} format, keeping only what it is asked for`, async (t) => {
    const dir = makeTree();
    const members = format === "ustar" ? ["./boot", "./empty"] : ["."];
    const made = spawnSync("tar", ["-c", `--format=${format}`, "-C", dir, ...members]);
    t.equal(made.status, 0, made.stderr?.toString());
    for (const chunk of [1, 511, 4096, 1 << 20]) {
      const entries = await readTar(
        chunked(made.stdout, chunk),
        (p) => p.includes("boot/") || p.endsWith(".ko"),
        "x.tar",
      );
      const byPath = new Map(entries.map((e) => [e.path.replace(/^\.\//, ""), e]));
      t.same(byPath.get("boot/vmlinuz-1")?.data, Buffer.alloc(1000, 7), `vmlinuz at chunk ${chunk}`);
      t.equal(byPath.get("boot/config-1")?.data?.toString(), "CONFIG_BPF=y\n");
      t.equal(byPath.get("boot/vmlinuz")?.type, "symlink");
      t.equal(byPath.get("boot/vmlinuz")?.linkTarget, "vmlinuz-1");
      t.equal(byPath.get("empty")?.data, null, "not kept");
      t.equal(byPath.get("empty")?.type, "file");
      if (format !== "ustar") t.same(byPath.get(LONG)?.data, Buffer.alloc(513, 1), "a long name");
    }
  });
}

t.test("an archive cut inside an entry is an error naming the offset", async (t) => {
  const dir = makeTree();
  const made = spawnSync("tar", ["-c", "-C", dir, "./boot"]);
  await t.rejects(
    readTar(chunked(made.stdout.subarray(0, 1200), 100), () => true, "cut.tar"),
    {
      code: "IMAGE_BUILD_FAILED",
    },
  );
});
