/**
 * A small Debian archive made for tests: a throwaway gpg key (made with `gpg --quick-gen-key` in a
 * temp GNUPGHOME), cloud-kernel .debs built with dpkg-deb whose modules are real ELF objects with a
 * `.modinfo` section (compiled with gcc), `Packages.xz`, and an `InRelease` clearsigned with the
 * key. `serveArchive` serves it on 127.0.0.1 with a request log and hooks to tamper, drop or 404.
 */
import { spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const TOOLS_MISSING = ["gpg", "gcc", "dpkg-deb", "xz"].find(
  (tool) => spawnSync("sh", ["-c", `command -v ${tool}`]).status !== 0,
);

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}, input?: string): string {
  const result = spawnSync(cmd, args, { env: { ...process.env, ...env }, input, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(" ")}: ${result.stderr}`);
  return result.stdout;
}

export interface Key {
  home: string;
  fingerprint: string;
  /** binary keyring file with the public key, for gpgv */
  keyring: string;
}

export function makeKey(name: string): Key {
  const home = mkdtempSync(join(tmpdir(), "lab-gpg-"));
  const env = { GNUPGHOME: home };
  run(
    "gpg",
    [
      "--batch",
      "--passphrase",
      "",
      "--quick-gen-key",
      `${name} <lab-test@invalid>`,
      "ed25519",
      "sign",
      "never",
    ],
    env,
  );
  const listing = run("gpg", ["--batch", "--with-colons", "--list-keys"], env);
  const fingerprint = /^fpr:+([0-9A-F]+):/m.exec(listing)![1]!;
  const keyring = join(home, "public.gpg");
  writeFileSync(
    keyring,
    spawnSync("gpg", ["--batch", "--export", fingerprint], { env: { ...process.env, ...env } }).stdout,
  );
  return { home, fingerprint, keyring };
}

/** Stops the gpg-agent that gpg started for the key's home, and removes the home. */
export function disposeKey(key: Key): void {
  spawnSync("gpgconf", ["--homedir", key.home, "--kill", "gpg-agent"]);
  rmSync(key.home, { recursive: true, force: true });
}

export function clearsign(key: Key, text: string): Buffer {
  const out = spawnSync("gpg", ["--batch", "--yes", "--local-user", key.fingerprint, "--clearsign"], {
    env: { ...process.env, GNUPGHOME: key.home },
    input: text,
  });
  if (out.status !== 0) throw new Error(out.stderr.toString());
  return out.stdout;
}

function moduleObject(dir: string, name: string, depends: string[]): string {
  const c = join(dir, `${name}.c`);
  const info = `name=${name}\\0depends=${depends.join(",")}\\0license=GPL`;
  writeFileSync(
    c,
    `__attribute__((section(".modinfo"), used)) static const char info[] = "${info}";\nint ${name}_x;\n`,
  );
  const ko = join(dir, `${name}.ko`);
  run("gcc", ["-c", "-o", ko, c]);
  return ko;
}

/** The fake kernel's channel modules and what each depends on (as 6.1's do). */
export const FAKE_MODULES: Record<string, string[]> = {
  virtio: [],
  virtio_ring: [],
  virtio_pci_modern_dev: [],
  virtio_pci: ["virtio", "virtio_ring", "virtio_pci_modern_dev"],
  virtio_console: ["virtio", "virtio_ring"],
};

export interface FakeKernel {
  upstream: string;
  abi: string;
  package: string;
  version: string;
  filename: string;
  deb: Buffer;
  vmlinuz: Buffer;
}

function buildKernelDeb(work: string, upstream: string, abi: string): FakeKernel {
  const release = `${abi}-cloud-amd64`;
  const pkg = `linux-image-${release}`;
  const version = `${upstream}-1`;
  const root = mkdtempSync(join(work, "deb-"));
  const vmlinuz = randomBytes(200_000);
  mkdirSync(join(root, "DEBIAN"));
  writeFileSync(
    join(root, "DEBIAN", "control"),
    `Package: ${pkg}\nVersion: ${version}\nArchitecture: amd64\nMaintainer: lab <lab@invalid>\nDescription: fake kernel\n`,
  );
  mkdirSync(join(root, "boot"));
  writeFileSync(join(root, "boot", `vmlinuz-${release}`), vmlinuz);
  writeFileSync(join(root, "boot", `config-${release}`), "CONFIG_BPF_SYSCALL=y\n");
  writeFileSync(join(root, "boot", `System.map-${release}`), "ffffffff81000000 T _text\n");
  const mods = join(root, "lib", "modules", release);
  const objs = mkdtempSync(join(work, "mod-"));
  for (const [name, deps] of Object.entries(FAKE_MODULES)) {
    const sub = name === "virtio_console" ? "drivers/char" : "drivers/virtio";
    mkdirSync(join(mods, "kernel", sub), { recursive: true });
    writeFileSync(join(mods, "kernel", sub, `${name}.ko`), readFileSync(moduleObject(objs, name, deps)));
  }
  writeFileSync(join(mods, "modules.builtin"), "kernel/drivers/virtio/virtio_pci_legacy_dev.ko\n");
  const out = join(work, `${pkg}_${version}_amd64.deb`);
  run("dpkg-deb", ["--root-owner-group", "-Zgzip", "--build", root, out]);
  return {
    upstream,
    abi,
    package: pkg,
    version,
    filename: `pool/main/l/linux/${pkg}_${version}_amd64.deb`,
    deb: readFileSync(out),
    vmlinuz,
  };
}

export interface FakeArchive {
  /** files by path under the archive root (dists/..., pool/...) */
  files: Map<string, Buffer>;
  kernels: FakeKernel[];
  key: Key;
  suite: string;
}

function sha256(data: Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

export function packagesStanza(k: FakeKernel, sha = sha256(k.deb)): string {
  return [
    `Package: ${k.package}`,
    `Version: ${k.version}`,
    "Architecture: amd64",
    `Depends: kmod, linux-base (>= 4.3~)`,
    `Filename: ${k.filename}`,
    `Size: ${k.deb.length}`,
    `SHA256: ${sha}`,
    "",
  ].join("\n");
}

/** Writes Packages.xz and a signed InRelease for `suite` from the given stanzas. */
export function signSuite(archive: FakeArchive, packagesText: string, key = archive.key): void {
  const work = mkdtempSync(join(tmpdir(), "lab-pk-"));
  writeFileSync(join(work, "Packages"), packagesText);
  run("xz", ["-k", join(work, "Packages")]);
  const xz = readFileSync(join(work, "Packages.xz"));
  const base = `dists/${archive.suite}`;
  archive.files.set(`${base}/main/binary-amd64/Packages.xz`, xz);
  const release = [
    "Origin: Lab",
    `Suite: ${archive.suite}`,
    `Codename: ${archive.suite}`,
    "Architectures: amd64",
    "Components: main",
    "SHA256:",
    ` ${sha256(xz)} ${xz.length} main/binary-amd64/Packages.xz`,
    "",
  ].join("\n");
  archive.files.set(`${base}/InRelease`, clearsign(key, release));
}

export function makeArchive(suite = "bookworm"): FakeArchive {
  const work = mkdtempSync(join(tmpdir(), "lab-archive-"));
  const key = makeKey("Lab Test Archive");
  const kernels = [buildKernelDeb(work, "9.9.0", "9.9.0-1"), buildKernelDeb(work, "9.9.1", "9.9.1-2")];
  const archive: FakeArchive = { files: new Map(), kernels, key, suite };
  for (const k of kernels) archive.files.set(k.filename, k.deb);
  signSuite(archive, kernels.map((k) => packagesStanza(k)).join("\n"));
  rmSync(work, { recursive: true, force: true });
  return archive;
}

export interface Served {
  url: string;
  requests: Array<{ path: string; range: string | null }>;
  /** paths answered 404 */
  missing: Set<string>;
  /** replaces a file's bytes when served */
  tamper: Map<string, (data: Buffer) => Buffer>;
  /** path -> bytes after which the connection is cut (once) */
  dropAfter: Map<string, number>;
  /** milliseconds to spread each pool file over */
  slowMs: number;
  close(): Promise<void>;
}

export async function serveArchive(archive: FakeArchive): Promise<Served> {
  const state = {
    requests: [] as Served["requests"],
    missing: new Set<string>(),
    tamper: new Map<string, (data: Buffer) => Buffer>(),
    dropAfter: new Map<string, number>(),
    slowMs: 0,
  };
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? "/").replace(/^\/debian\//, "").split("?")[0]!);
    state.requests.push({ path, range: req.headers.range ?? null });
    let data = archive.files.get(path);
    if (!data || state.missing.has(path)) {
      res.writeHead(404).end("not found");
      return;
    }
    data = state.tamper.get(path)?.(data) ?? data;
    const from = Number(/^bytes=(\d+)-$/.exec(req.headers.range ?? "")?.[1] ?? 0);
    const body = data.subarray(from);
    const headers = { "content-length": String(body.length), "content-type": "application/octet-stream" };
    if (from > 0) {
      res.writeHead(206, { ...headers, "content-range": `bytes ${from}-${data.length - 1}/${data.length}` });
    } else res.writeHead(200, headers);
    const cut = state.dropAfter.get(path);
    if (cut !== undefined) {
      state.dropAfter.delete(path);
      res.write(body.subarray(0, cut), () => setTimeout(() => res.destroy(), 50));
      return;
    }
    if (!path.startsWith("pool/") || state.slowMs === 0) {
      res.end(body);
      return;
    }
    const pieces = 10;
    const size = Math.ceil(body.length / pieces);
    let i = 0;
    const timer = setInterval(() => {
      res.write(body.subarray(i * size, (i + 1) * size));
      if (++i >= pieces) {
        clearInterval(timer);
        res.end();
      }
    }, state.slowMs / pieces);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}/debian`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

/** A URL on 127.0.0.1 where nothing listens (a port just freed). */
export async function deadUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/debian`;
}
