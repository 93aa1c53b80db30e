/**
 * For the tests that use Debian's real archive: whether it can be reached, a counting forwarding
 * proxy on 127.0.0.1 (so a test can see every request, and then close it to prove a warm fetch
 * needs none), and a QEMU boot that waits for the init's lines and the agent's hello.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { type ArchiveConfig, resolveArchiveConfig } from "../../images/debian/suites.js";
import { ARCHES } from "../../lab/arch.js";
import type { Arch } from "../../lab/backend.js";
import { decodePayload } from "../../lab/kernel/agent/codec.js";
import { FrameDecoder } from "../../lab/kernel/agent/framing.js";
import { MESSAGES, REPLY_BIT } from "../../lab/kernel/protocol.js";

export async function realArchiveSkip(arch: Arch): Promise<string | false> {
  if (spawnSync("sh", ["-c", `command -v ${ARCHES[arch].qemuBinary} gpgv`]).status !== 0) {
    return `${ARCHES[arch].qemuBinary} or gpgv is not installed`;
  }
  let config: ArchiveConfig;
  try {
    config = resolveArchiveConfig();
  } catch (error) {
    return `no Debian archive configured: ${(error as Error).message}`;
  }
  try {
    const response = await fetch(`${config.archive}/dists/bookworm/InRelease`, {
      method: "HEAD",
      signal: AbortSignal.timeout(5000),
    });
    return response.ok ? false : `the Debian archive answers ${response.status}`;
  } catch (error) {
    return `the Debian archive cannot be reached: ${(error as Error).message}`;
  }
}

export interface Proxy {
  archive: string;
  security: string;
  requests: string[];
  close(): Promise<void>;
}

/** Forwards /a/... to the archive and /s/... to the security archive, logging each request. */
export async function startProxy(config: ArchiveConfig): Promise<Proxy> {
  const requests: string[] = [];
  const server = createServer(async (req, res) => {
    const url = req.url ?? "/";
    requests.push(url);
    const target = url.startsWith("/s/") ? config.security + url.slice(2) : config.archive + url.slice(2);
    try {
      const headers: Record<string, string> = req.headers.range ? { range: req.headers.range } : {};
      const upstream = await fetch(target, { headers });
      const out: Record<string, string> = {};
      for (const name of ["content-length", "content-range", "content-type"]) {
        const value = upstream.headers.get(name);
        if (value) out[name] = value;
      }
      res.writeHead(upstream.status, out);
      if (upstream.body) Readable.fromWeb(upstream.body as never).pipe(res);
      else res.end();
    } catch {
      res.destroy();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    archive: `http://127.0.0.1:${port}/a`,
    security: `http://127.0.0.1:${port}/s`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface BootResult {
  console: string;
  hello: Record<string, unknown> | null;
  seconds: number;
  timedOut: boolean;
}

/** How the agent's channel is offered to the guest: a virtio-serial port, a second UART, or the console. */
export type TestChannel = "virtio-pci" | "uart2" | "console";

function readOr(path: string, fallback: Buffer): Buffer {
  try {
    return readFileSync(path);
  } catch {
    return fallback;
  }
}

function helloIn(bytes: Buffer): Record<string, unknown> | null {
  for (const event of new FrameDecoder().push(bytes)) {
    if (event.kind !== "frame") continue;
    const message = decodePayload(event.payload);
    if (message.type === (MESSAGES.hello | REPLY_BIT)) return message.fields as Record<string, unknown>;
  }
  return null;
}

/**
 * Boots kernel + initramfs under TCG with the console and the agent's channel written to files,
 * until the agent's hello arrives on the channel (or `timeoutMs`), then SIGKILLs QEMU.
 */
export async function bootUntilHello(
  arch: Arch,
  kernel: string,
  initrd: string,
  timeoutMs: number,
  channel: TestChannel = "virtio-pci",
): Promise<BootResult> {
  const row = ARCHES[arch];
  const dir = mkdtempSync(join(tmpdir(), "lab-boot-"));
  const consoleFile = join(dir, "console.log");
  const channelFile = channel === "console" ? consoleFile : join(dir, "agent.out");
  const channelArgs = {
    "virtio-pci": [
      ...["-device", "virtio-serial-pci", "-chardev", `file,id=agent,path=${channelFile}`],
      ...["-device", "virtserialport,chardev=agent,name=lab.agent"],
    ],
    uart2: ["-serial", `file:${channelFile}`],
    console: [],
  }[channel];
  const argv = [
    ...["-M", row.machine, "-cpu", row.cpu, "-accel", "tcg", "-m", "512", "-smp", "1"],
    ...["-display", "none", "-monitor", "none", "-no-reboot", "-nic", "none"],
    ...["-serial", `file:${consoleFile}`, ...channelArgs],
    ...["-kernel", kernel, "-initrd", initrd, "-append", `console=${row.console} panic=-1`],
  ];
  const started = performance.now();
  const qemu = spawn(row.qemuBinary, argv, { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  qemu.stderr.on("data", (c: Buffer) => {
    stderr += c.toString();
  });
  const exited = new Promise<void>((resolve) => qemu.once("exit", () => resolve()));
  let hello: Record<string, unknown> | null = null;
  let timedOut = false;
  try {
    while (hello === null) {
      if (performance.now() > started + timeoutMs) {
        timedOut = true;
        break;
      }
      if (qemu.exitCode !== null || qemu.signalCode !== null) break;
      await new Promise((r) => setTimeout(r, 100));
      hello = helloIn(readOr(channelFile, Buffer.alloc(0)));
    }
  } finally {
    qemu.kill("SIGKILL");
    await exited;
  }
  const console = readOr(consoleFile, Buffer.alloc(0)).toString("latin1") + stderr;
  return { console, hello, seconds: (performance.now() - started) / 1000, timedOut };
}
