/**
 * Two `lab images fetch` processes asking for one image at once, from a slow fake archive: one
 * download, one extraction, and both print the same verified entry.
 */
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import t from "tap";
import { disposeKey, makeArchive, serveArchive, TOOLS_MISSING } from "../fake-archive.js";
import { runLabAsync } from "./run-lab-async.js";

t.test(
  "two processes fetching one image share one download",
  { skip: TOOLS_MISSING ? `${TOOLS_MISSING} is not installed` : false },
  async (t) => {
    const archive = makeArchive();
    const newer = archive.kernels[1]!;
    const server = await serveArchive(archive);
    t.teardown(() => server.close());
    t.teardown(() => disposeKey(archive.key));
    server.slowMs = 1500;
    const cache = mkdtempSync(join(tmpdir(), "lab-cache-"));
    const env = {
      LAB_CACHE: cache,
      LAB_DEBIAN_ARCHIVE: server.url,
      LAB_DEBIAN_SECURITY: `${server.url}-security`,
      LAB_DEBIAN_KEYRINGS: archive.key.keyring,
      LAB_AGENT: "none",
    };
    const cwd = mkdtempSync(join(tmpdir(), "lab-cwd-"));
    const args = ["images", "fetch", "debian:9.9", "--arch", "x86_64", "--json"];
    const [a, b] = await Promise.all([runLabAsync(args, env, cwd), runLabAsync(args, env, cwd)]);
    t.equal(a.status, 0, a.stderr || a.stdout);
    t.equal(b.status, 0, b.stderr || b.stdout);
    const imageA = JSON.parse(a.stdout).image;
    const imageB = JSON.parse(b.stdout).image;
    t.equal(imageA.id, "debian:9.9.1");
    t.equal(imageA.kernelPath, imageB.kernelPath, "the same kernel entry");
    t.equal(imageA.initramfsPath, imageB.initramfsPath, "the same initramfs");
    t.equal(server.requests.filter((r) => r.path === newer.filename).length, 1, "one download");
    t.equal(
      server.requests.filter((r) => r.path.endsWith("/InRelease")).length,
      8,
      "each suite's index once",
    );
    t.equal(readdirSync(join(cache, "blobs", "sha256")).length, 1);
    t.equal(readdirSync(join(cache, "images")).length, 1);
    t.same(readdirSync(join(cache, "tmp")), [], "no partial or staging file left");
  },
);
