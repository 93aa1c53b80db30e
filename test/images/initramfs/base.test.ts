import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import t from "tap";
import { cacheDirs } from "../../../images/cache/paths.js";
import { baseArchive, combinedArchive } from "../../../images/initramfs/base.js";
import { AGENT_PORT_NAME, channelModulesFor, fallbackDeviceFor } from "../../../images/initramfs/channel.js";
import { initScript } from "../../../images/initramfs/init-script.js";
import { buildModulesLayer } from "../../../images/initramfs/layer.js";
import { ARCH_NAMES } from "../../../lab/arch.js";

const hasTools = spawnSync("sh", ["-c", "command -v cpio && test -x /bin/busybox"]).status === 0;
const skip = hasTools ? false : "cpio or /bin/busybox is missing";

function cpioList(archive: Buffer): string[] {
  const out = spawnSync("cpio", ["-t", "--quiet"], { input: archive, encoding: "utf8" });
  return out.stdout.trim().split("\n");
}

t.test("the init script parses as shell, and names each arch's fallback device", { skip }, async (t) => {
  for (const arch of ARCH_NAMES) {
    const script = initScript({ portName: AGENT_PORT_NAME, fallbackDevice: fallbackDeviceFor(arch) });
    const dir = mkdtempSync(join(tmpdir(), "lab-init-"));
    writeFileSync(join(dir, "init"), script);
    const check = spawnSync("/bin/busybox", ["sh", "-n", join(dir, "init")], { encoding: "utf8" });
    t.equal(check.status, 0, `${arch}: ${check.stderr}`);
    t.match(script, /^#!\/bin\/busybox sh\n/);
    t.match(script, "mount -t cgroup2 cgroup2 /sys/fs/cgroup");
    t.match(script, "mount -t bpf bpf /sys/fs/bpf");
    t.match(script, `dev=${fallbackDeviceFor(arch)}`);
  }
  t.equal(fallbackDeviceFor("x86_64"), "/dev/ttyS1");
  t.equal(fallbackDeviceFor("arm64"), "/dev/ttyAMA0");
  t.same(channelModulesFor("x86_64"), ["virtio_pci", "virtio_console"]);
  t.ok(channelModulesFor("arm64").includes("virtio_mmio"));
});

t.test("base archive: busybox, agent, init, /dev/console; cached by content", { skip }, async (t) => {
  const dirs = cacheDirs(mkdtempSync(join(tmpdir(), "lab-cache-")));
  const busybox = readFileSync("/bin/busybox");
  const init = initScript({ portName: AGENT_PORT_NAME, fallbackDevice: "/dev/ttyS1" });
  const base = baseArchive(dirs, { busybox, agent: Buffer.from("agent"), init });
  const listing = cpioList(gunzipSync(readFileSync(base.path)));
  for (const path of ["bin/busybox", "bin/sh", "bin/lab-agent", "init", "dev/console", "proc", "sys"]) {
    t.ok(listing.includes(path), `has ${path}`);
  }
  t.equal(
    baseArchive(dirs, { busybox, agent: Buffer.from("agent"), init }).path,
    base.path,
    "same inputs, same entry",
  );
  const other = baseArchive(dirs, { busybox, agent: null, init });
  t.not(other.path, base.path, "another agent, another entry");
  t.notOk(cpioList(gunzipSync(readFileSync(other.path))).includes("bin/lab-agent"));

  const layerFile = join(dirs.tmp, "layer.cpio.gz");
  const layer = buildModulesLayer([
    { name: "virtio", data: Buffer.from("a") },
    { name: "virtio_console", data: Buffer.from("b") },
  ]);
  writeFileSync(layerFile, layer);
  const combined = combinedArchive(dirs, base, layerFile);
  t.ok(existsSync(combined));
  const bytes = readFileSync(combined);
  const baseBytes = readFileSync(base.path);
  t.same(bytes.subarray(0, baseBytes.length), baseBytes, "the base comes first");
  const layerList = cpioList(gunzipSync(bytes.subarray(baseBytes.length)));
  t.same(layerList, [
    "lib",
    "lib/modules",
    "lib/modules/lab",
    "lib/modules/lab/virtio.ko",
    "lib/modules/lab/virtio_console.ko",
    "lib/modules/lab/order",
  ]);
  const dir = mkdtempSync(join(tmpdir(), "lab-layer-"));
  spawnSync("cpio", ["-i", "--quiet", "--make-directories"], { input: gunzipSync(layer), cwd: dir });
  t.equal(readFileSync(join(dir, "lib/modules/lab/order"), "utf8"), "virtio\nvirtio_console\n");
});
