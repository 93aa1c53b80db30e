import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execaSync } from "execa";
import t from "tap";
import { kernelOrgTarballUrl, probeKernelOrg } from "../../../images/build/source.js";
import { REPO_ROOT, runLab } from "../../helpers/cli.js";

const URL = "https://cdn.kernel.org/pub/linux/kernel";
const reachable = await probeKernelOrg(kernelOrgTarballUrl(URL, "5.15.126"), "x", 4000).then(
  () => true,
  () => false,
);

t.test("kernel.org tarball URLs by version", async (t) => {
  t.equal(kernelOrgTarballUrl(`${URL}/`, "5.15.127"), `${URL}/v5.x/linux-5.15.127.tar.xz`);
  t.equal(kernelOrgTarballUrl(URL, "6.1"), `${URL}/v6.x/linux-6.1.tar.xz`);
});

t.test(
  "an unreachable kernel.org fails fast with its code and says how to give a tarball",
  { skip: reachable ? "kernel.org is reachable from this machine" : false },
  async (t) => {
    const started = Date.now();
    const result = runLab(["images", "build", "linux-5.15.126-tiny", "--json"], {
      env: { LAB_CACHE: mkdtempSync(join(tmpdir(), "lab-c-")) },
    });
    const seconds = (Date.now() - started) / 1000;
    t.not(result.status, 0);
    const error = JSON.parse(result.stdout).error;
    t.equal(error.code, "IMAGE_SOURCE_UNREACHABLE");
    t.match(error.message, /--tarball PATH/);
    t.match(error.message, /source: path/);
    const plain = runLab(["images", "build", "linux-5.15.127-tiny"], {
      env: { LAB_CACHE: mkdtempSync(join(tmpdir(), "lab-c-")) },
    });
    t.match(plain.stderr, /IMAGE_SOURCE_UNREACHABLE/);
    t.match(
      plain.stderr,
      /lab images build linux-5\.15\.127-tiny --tarball PATH/,
      "the hint names the command",
    );
    t.ok(seconds < 30, `took ${seconds.toFixed(1)} s`);
  },
);

t.test("--tarball is checked against the recipe's pinned sha256", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "lab-tarball-"));
  mkdirSync(join(dir, "linux-5.15.126"));
  writeFileSync(join(dir, "linux-5.15.126", "Makefile"), "# not a kernel\n");
  execaSync("tar", ["-cJf", join(dir, "linux-5.15.126.tar.xz"), "-C", dir, "linux-5.15.126"]);
  const frag = join(REPO_ROOT, "images", "config", "lab-base.config");
  writeFileSync(
    join(dir, "lab.yaml"),
    `images:\n  k:\n    source: kernel.org\n    version: 5.15.126\n    arch: x86_64\n    sha256: ${"ab".repeat(32)}\n    config: { fragments: [${frag}] }\n`,
  );
  const result = runLab(["images", "build", "k", "--tarball", join(dir, "linux-5.15.126.tar.xz"), "--json"], {
    cwd: dir,
    env: { LAB_CACHE: join(dir, "cache") },
  });
  t.not(result.status, 0);
  const error = JSON.parse(result.stdout).error;
  t.equal(error.code, "IMAGE_TARBALL_MISMATCH", result.stdout + result.stderr);
  t.match(error.message, /linux-5\.15\.126\.tar\.xz has SHA256 [0-9a-f]{64}, the recipe pins (ab){32}/);
});
