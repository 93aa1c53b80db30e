/** `lab images list | fetch | prune` as a user runs them, against a fake archive over HTTP. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import t from "tap";
import { runLab } from "../../helpers/cli.js";
import { disposeKey, makeArchive, serveArchive, TOOLS_MISSING } from "../fake-archive.js";
import { runLabAsync } from "./run-lab-async.js";

t.test("lab images", { skip: TOOLS_MISSING ? `${TOOLS_MISSING} is not installed` : false }, async (t) => {
  const archive = makeArchive();
  const server = await serveArchive(archive);
  t.teardown(() => server.close());
  t.teardown(() => disposeKey(archive.key));
  const cache = mkdtempSync(join(tmpdir(), "lab-cache-"));
  const env = {
    LAB_CACHE: cache,
    LAB_DEBIAN_ARCHIVE: server.url,
    LAB_DEBIAN_SECURITY: `${server.url}-security`,
    LAB_DEBIAN_KEYRINGS: archive.key.keyring,
    LAB_AGENT: "none",
  };
  const cwd = mkdtempSync(join(tmpdir(), "lab-cwd-"));
  const lab = (args: string[]) => runLabAsync(args, env, cwd);

  const empty = await lab(["images", "list", "--json"]);
  t.equal(empty.status, 0, empty.stderr);
  t.same(JSON.parse(empty.stdout), { images: [] });

  const fetched = await lab(["images", "fetch", "debian:9.9", "--arch", "x86_64", "--json"]);
  t.equal(fetched.status, 0, fetched.stderr);
  const image = JSON.parse(fetched.stdout).image;
  t.equal(image.id, "debian:9.9.1");
  t.equal(image.release, "9.9.1-2-cloud-amd64");
  t.equal(image.agent, null);
  t.match(image.initramfsPath, /\.cpio\.gz$/);

  const text = await lab(["images", "fetch", "debian:9.9", "--arch", "x86_64"]);
  t.equal(text.status, 0);
  t.match(text.stdout, /^ok debian:9\.9\.1 x86_64: 9\.9\.1-2-cloud-amd64/);
  t.equal(text.stderr, "", "no progress bar off a TTY");

  const listed = await lab(["images", "list", "--json"]);
  t.same(
    JSON.parse(listed.stdout).images.map((i: { id: string; arch: string }) => `${i.id} ${i.arch}`),
    ["debian:9.9.1 x86_64"],
  );
  const listedText = await lab(["images", "list"]);
  t.match(
    listedText.stdout,
    /debian:9\.9\.1\s+x86_64\s+9\.9\.1-2-cloud-amd64\s+9\.9\.1-1\s+bookworm\s+5 in layer/,
  );

  const available = await lab(["images", "list", "--available", "--arch", "x86_64", "--json"]);
  t.equal(available.status, 0, available.stderr);
  const offer = JSON.parse(available.stdout);
  t.same(
    offer.kernels.map((k: { id: string }) => k.id),
    ["debian:9.9.1", "debian:9.9.0"],
  );
  t.ok(
    offer.problems.every((p: { code: string }) => p.code === "IMAGE_INDEX_MISSING"),
    "the suites the fake archive lacks are reported, not fatal",
  );

  const unknown = await lab(["images", "fetch", "debian:1.0", "--arch", "x86_64", "--json"]);
  t.equal(unknown.status, 4);
  t.equal(JSON.parse(unknown.stdout).error.code, "IMAGE_NOT_FOUND");
  const badArch = await lab(["images", "fetch", "debian:9.9", "--arch", "mips", "--json"]);
  t.equal(badArch.status, 2);
  t.equal(JSON.parse(badArch.stdout).error.code, "LAB_ARGS_INVALID");

  const pruned = await lab(["images", "prune", "--json"]);
  t.equal(pruned.status, 0, pruned.stderr);
  const removed = JSON.parse(pruned.stdout);
  t.ok(
    removed.removed.some((p: string) => p.includes("/blobs/sha256/")),
    "the downloaded .deb goes",
  );
  t.ok(removed.bytes > 0);
  const still = await lab(["images", "list", "--json"]);
  t.equal(JSON.parse(still.stdout).images.length, 1, "the extracted image stays");
  const all = await lab(["images", "prune", "--all", "--json"]);
  t.equal(all.status, 0);
  const none = await lab(["images", "list", "--json"]);
  t.same(JSON.parse(none.stdout), { images: [] });
  t.ok(runLab(["images", "--help"]).stdout.includes("fetch"));
});
