/**
 * The body of the per-arch real-image tests: fetch debian:5.10, 6.1 and 6.12 from an empty cache
 * through a counting proxy, fetch them again with the proxy gone (no request, under a second each),
 * then boot each kernel with its initramfs and check the init's module lines and the agent's hello.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Test } from "tap";
import { resolveArchiveConfig } from "../../images/debian/suites.js";
import { type ResolvedImage, resolveImage } from "../../images/resolve.js";
import { ARCHES } from "../../lab/arch.js";
import type { Arch } from "../../lab/backend.js";
import { type BootResult, bootUntilHello, startProxy } from "./real-images.js";

export const LINES = ["5.10", "6.1", "6.12"];

export async function fetchAndBoot(t: Test, arch: Arch, bootTimeoutMs: number): Promise<void> {
  const cacheRoot = mkdtempSync(join(tmpdir(), "lab-cache-"));
  const proxy = await startProxy(resolveArchiveConfig());
  let proxyOpen = true;
  t.teardown(() => (proxyOpen ? proxy.close() : undefined));
  const options = { cacheRoot, archive: { archive: proxy.archive, security: proxy.security } };
  const images = new Map<string, ResolvedImage>();
  for (const line of LINES) {
    const started = performance.now();
    const image = await resolveImage(`debian:${line}`, arch, options);
    const seconds = (performance.now() - started) / 1000;
    t.comment(`cold fetch debian:${line} ${arch}: ${image.release} in ${seconds.toFixed(2)} s`);
    t.ok(image.version.startsWith(`${line}.`), `debian:${line} resolved to ${image.version}`);
    t.equal(image.arch, arch);
    images.set(line, image);
  }
  t.ok(proxy.requests.length > 0, `the cold fetches made ${proxy.requests.length} requests`);
  await proxy.close();
  proxyOpen = false;
  const before = proxy.requests.length;
  for (const line of LINES) {
    const started = performance.now();
    const again = await resolveImage(`debian:${line}`, arch, options);
    const seconds = (performance.now() - started) / 1000;
    t.comment(`warm fetch debian:${line} ${arch}: ${seconds.toFixed(3)} s`);
    t.ok(seconds < 1, `warm fetch of debian:${line} under a second (${seconds.toFixed(3)} s)`);
    t.equal(again.kernelPath, images.get(line)!.kernelPath);
    t.equal(again.initramfsPath, images.get(line)!.initramfsPath);
  }
  t.equal(proxy.requests.length, before, "the warm fetches made no request");

  for (const line of LINES) {
    const image = images.get(line)!;
    const boot = await bootUntilHello(arch, image.kernelPath, image.initramfsPath, bootTimeoutMs);
    t.comment(`boot debian:${line} ${arch} to the agent's hello: ${boot.seconds.toFixed(1)} s`);
    checkBoot(t, arch, image, boot, bootTimeoutMs);
    t.match(boot.console, /LAB-INIT: channel \/dev\/vport\d+p\d+/, "found the lab.agent port");
  }

  // Without virtio-serial, /init falls back to the arch's second UART or its console.
  const fallback = ARCHES[arch].channelKinds.at(-1) === "console" ? "console" : "uart2";
  const image = images.get("6.1")!;
  const boot = await bootUntilHello(arch, image.kernelPath, image.initramfsPath, bootTimeoutMs, fallback);
  t.comment(`boot debian:6.1 ${arch} over ${fallback} to the agent's hello: ${boot.seconds.toFixed(1)} s`);
  checkBoot(t, arch, image, boot, bootTimeoutMs);
  const device = ARCHES[arch].secondUart ?? ARCHES[arch].console;
  t.match(boot.console, new RegExp(`LAB-INIT: channel /dev/${device}\\b`), `fell back to /dev/${device}`);
}

function checkBoot(t: Test, arch: Arch, image: ResolvedImage, boot: BootResult, bootTimeoutMs: number): void {
  const tail = boot.console.split("\n").slice(-25).join("\n");
  t.notOk(boot.timedOut, `booted within ${bootTimeoutMs / 1000} s`, { console: tail });
  t.match(boot.console, /LAB-INIT: mounted proc sysfs devtmpfs cgroup2 bpffs/, "init mounted");
  for (const module of image.image.modules) {
    t.match(boot.console, new RegExp(`LAB-INIT: insmod ${module} ok`), `insmod ${module}`);
  }
  t.notMatch(boot.console, /insmod \S+ failed/);
  if (image.agentPath) {
    t.ok(boot.hello, "the agent's hello arrived on the channel", { console: tail });
    t.equal(boot.hello?.release, image.release, "hello names the booted release");
    t.equal(boot.hello?.machine, ARCHES[arch].uname);
  } else {
    t.match(boot.console, /LAB-INIT: no agent/);
  }
}
