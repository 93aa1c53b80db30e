/**
 * Fetching from a fake archive served over real HTTP on 127.0.0.1: the happy path, then every way a
 * mirror can lie or fail, each with its own code and nothing unverified left in the cache.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import t, { type Test } from "tap";
import { type CacheDirs, cacheDirs } from "../../../images/cache/paths.js";
import { fetchDebianKernel } from "../../../images/debian/fetch.js";
import { type ArchiveConfig, resolveArchiveConfig } from "../../../images/debian/suites.js";
import {
  deadUrl,
  disposeKey,
  FAKE_MODULES,
  type FakeArchive,
  makeArchive,
  makeKey,
  packagesStanza,
  serveArchive,
  signSuite,
  TOOLS_MISSING,
} from "../fake-archive.js";

const skip = TOOLS_MISSING ? `${TOOLS_MISSING} is not installed` : false;

function freshCache(): CacheDirs {
  return cacheDirs(mkdtempSync(join(tmpdir(), "lab-cache-")));
}

function configFor(url: string, archive: FakeArchive, keyrings = [archive.key.keyring]): ArchiveConfig {
  return resolveArchiveConfig({
    archive: url,
    security: `${url}-security`,
    keyrings,
    suites: [archive.suite],
  });
}

/** What a test asserts after a failure: nothing verified-looking entered the cache. */
function assertNothingCached(t: Test, dirs: CacheDirs) {
  t.same(readdirSync(dirs.blobs), [], "no blob");
  t.same(readdirSync(dirs.images), [], "no image");
  t.same(
    readdirSync(dirs.tmp).filter((n) => !n.endsWith(".part")),
    [],
    "no staging left",
  );
}

/** Cached indexes with packages in them (a suite found missing is remembered, with no packages). */
function indexFiles(dirs: CacheDirs): string[] {
  return readdirSync(dirs.indexes).filter(
    (n) => n.endsWith(".json") && !readFileSync(join(dirs.indexes, n), "utf8").includes('"missing":true'),
  );
}

t.test("fake archive", { skip }, async (t) => {
  const archive = makeArchive();
  const [older, newer] = archive.kernels as [FakeArchive["kernels"][0], FakeArchive["kernels"][0]];
  const server = await serveArchive(archive);
  t.teardown(() => server.close());
  t.teardown(() => disposeKey(archive.key));
  const resetServer = () => {
    server.requests.length = 0;
    server.missing.clear();
    server.tamper.clear();
    server.dropAfter.clear();
  };

  t.test("fetches, verifies and extracts the newest match; a warm fetch asks nothing", async (t) => {
    resetServer();
    const dirs = freshCache();
    const config = configFor(server.url, archive);
    const { image, skipped } = await fetchDebianKernel(dirs, config, "9.9", "x86_64");
    t.same(skipped, []);
    t.equal(image.id, "debian:9.9.1");
    t.equal(image.release, "9.9.1-2-cloud-amd64");
    t.same(readFileSync(image.kernelPath), newer.vmlinuz, "vmlinuz is the package's");
    t.equal(readFileSync(image.configPath!, "utf8"), "CONFIG_BPF_SYSCALL=y\n");
    const order = image.modules;
    t.same([...order].sort(), Object.keys(FAKE_MODULES).sort(), "the closure of virtio_pci + virtio_console");
    for (const [name, deps] of Object.entries(FAKE_MODULES)) {
      for (const dep of deps) t.ok(order.indexOf(dep) < order.indexOf(name), `${dep} loads before ${name}`);
    }
    t.same(image.builtin, [], "virtio_pci_legacy_dev is built in but not asked for on x86_64");
    t.ok(existsSync(image.modulesLayerPath));
    t.same(
      server.requests.map((r) => r.path),
      [
        `dists/${archive.suite}/InRelease`,
        `dists/${archive.suite}/main/binary-amd64/Packages.xz`,
        newer.filename,
      ],
    );
    server.requests.length = 0;
    const started = performance.now();
    const again = await fetchDebianKernel(dirs, config, "9.9", "x86_64");
    t.ok(performance.now() - started < 1000, "warm fetch under a second");
    t.equal(again.image.key, image.key);
    t.same(server.requests, [], "no request");
    const exact = await fetchDebianKernel(dirs, config, "9.9.0", "x86_64");
    t.equal(exact.image.id, "debian:9.9.0", "an exact version picks that one");
  });

  t.test("a tampered Packages.xz is IMAGE_CHECKSUM_MISMATCH and caches no index", async (t) => {
    resetServer();
    const dirs = freshCache();
    const path = `dists/${archive.suite}/main/binary-amd64/Packages.xz`;
    server.tamper.set(path, (data) => Buffer.concat([data, Buffer.from("x")]));
    await t.rejects(fetchDebianKernel(dirs, configFor(server.url, archive), "9.9", "x86_64"), {
      code: "IMAGE_CHECKSUM_MISMATCH",
    });
    t.same(indexFiles(dirs), [], "no index");
    assertNothingCached(t, dirs);
  });

  t.test("a Packages entry whose SHA256 does not match the .deb: IMAGE_CHECKSUM_MISMATCH", async (t) => {
    resetServer();
    const dirs = freshCache();
    const forged = { ...archive, files: new Map(archive.files) };
    signSuite(forged, packagesStanza(newer, "0".repeat(64)));
    const forgedServer = await serveArchive(forged);
    t.teardown(() => forgedServer.close());
    await t.rejects(fetchDebianKernel(dirs, configFor(forgedServer.url, archive), "9.9", "x86_64"), {
      code: "IMAGE_CHECKSUM_MISMATCH",
    });
    assertNothingCached(t, dirs);
    t.same(readdirSync(dirs.tmp), [], "the partial download is gone");
  });

  t.test("a tampered .deb is IMAGE_CHECKSUM_MISMATCH and leaves nothing", async (t) => {
    resetServer();
    const dirs = freshCache();
    server.tamper.set(newer.filename, (data) => {
      const copy = Buffer.from(data);
      copy[copy.length >> 1] ^= 0xff;
      return copy;
    });
    await t.rejects(fetchDebianKernel(dirs, configFor(server.url, archive), "9.9", "x86_64"), {
      code: "IMAGE_CHECKSUM_MISMATCH",
    });
    assertNothingCached(t, dirs);
    t.same(readdirSync(dirs.tmp), [], "the partial download is gone");
  });

  t.test("an InRelease signed by an unknown key is IMAGE_SIGNATURE_INVALID", async (t) => {
    resetServer();
    const dirs = freshCache();
    const stranger = makeKey("Somebody Else");
    t.teardown(() => disposeKey(stranger));
    await t.rejects(
      fetchDebianKernel(dirs, configFor(server.url, archive, [stranger.keyring]), "9.9", "x86_64"),
      { code: "IMAGE_SIGNATURE_INVALID" },
    );
    t.same(indexFiles(dirs), [], "no index");
    assertNothingCached(t, dirs);
  });

  t.test("an InRelease changed after signing is IMAGE_SIGNATURE_INVALID", async (t) => {
    resetServer();
    const dirs = freshCache();
    server.tamper.set(`dists/${archive.suite}/InRelease`, (data) =>
      Buffer.from(data.toString("utf8").replace("Origin: Lab", "Origin: Bal")),
    );
    await t.rejects(fetchDebianKernel(dirs, configFor(server.url, archive), "9.9", "x86_64"), {
      code: "IMAGE_SIGNATURE_INVALID",
    });
    t.same(indexFiles(dirs), []);
    assertNothingCached(t, dirs);
  });

  t.test("a .deb that 404s is IMAGE_PACKAGE_MISSING; with an older match the fetch falls back", async (t) => {
    resetServer();
    const dirs = freshCache();
    server.missing.add(newer.filename);
    await t.rejects(fetchDebianKernel(dirs, configFor(server.url, archive), "9.9.1", "x86_64"), {
      code: "IMAGE_PACKAGE_MISSING",
    });
    assertNothingCached(t, dirs);
    const { image, skipped } = await fetchDebianKernel(dirs, configFor(server.url, archive), "9.9", "x86_64");
    t.equal(image.id, "debian:9.9.0");
    t.equal(skipped[0]?.package, newer.package);
    t.match(skipped[0]?.reason, /not on the mirror|404/);
    server.requests.length = 0;
    const again = await fetchDebianKernel(dirs, configFor(server.url, archive), "9.9", "x86_64");
    t.equal(again.image.key, image.key);
    t.same(server.requests, [], "the 404 is remembered: no request");
  });

  t.test(
    "a suite without InRelease is IMAGE_INDEX_MISSING; a dead mirror IMAGE_MIRROR_UNREACHABLE",
    async (t) => {
      resetServer();
      const dirs = freshCache();
      server.missing.add(`dists/${archive.suite}/InRelease`);
      await t.rejects(fetchDebianKernel(dirs, configFor(server.url, archive), "9.9", "x86_64"), {
        code: "IMAGE_INDEX_MISSING",
      });
      await t.rejects(fetchDebianKernel(dirs, configFor(await deadUrl(), archive), "9.9", "x86_64"), {
        code: "IMAGE_MIRROR_UNREACHABLE",
      });
      t.same(indexFiles(dirs), []);
      assertNothingCached(t, dirs);
    },
  );

  t.test("an interrupted download resumes with a Range request", async (t) => {
    resetServer();
    const dirs = freshCache();
    server.dropAfter.set(older.filename, 50_000);
    await t.rejects(fetchDebianKernel(dirs, configFor(server.url, archive), "9.9.0", "x86_64"), {
      code: "IMAGE_MIRROR_UNREACHABLE",
    });
    t.same(readdirSync(dirs.blobs), [], "nothing verified yet");
    const part = readdirSync(dirs.tmp).filter((n) => n.endsWith(".part"));
    t.equal(part.length, 1, "the partial download is kept for resuming");
    const { image } = await fetchDebianKernel(dirs, configFor(server.url, archive), "9.9.0", "x86_64");
    t.equal(image.id, "debian:9.9.0");
    const debRequests = server.requests.filter((r) => r.path === older.filename);
    t.equal(debRequests.length, 2);
    t.match(debRequests[1]?.range, /^bytes=\d+-$/, "the second request resumes");
    t.ok(Number(/\d+/.exec(debRequests[1]!.range!)![0]) > 0);
    t.same(readdirSync(dirs.tmp), [], "no partial left");
  });
});
