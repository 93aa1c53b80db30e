/**
 * buildAgent(arch): a static ELF for the arch's machine, cached under $LAB_CACHE/agent keyed by
 * source + compiler, reused on the next call, never half-written. The direct loader fixture builds
 * the same way for both arches (the QEMU tests run it in guests).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import t from "tap";
import { agentCacheDir, buildAgent, buildStatic } from "../../../images/agent/build.js";
import type { Arch } from "../../../lab/backend.js";
import { directLoadSource } from "../../kernel/helpers/agent.js";

const ELF_MACHINE: Record<Arch, number> = { x86_64: 62, arm64: 183 };

function hasCompiler(cc: string): boolean {
  try {
    execFileSync(cc, ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** e_machine, and whether any program header is PT_INTERP (dynamic). */
function elfFacts(path: string): { machine: number; dynamic: boolean } {
  const b = readFileSync(path);
  t.equal(b.subarray(0, 4).toString("latin1"), "\x7fELF");
  const phoff = Number(b.readBigUInt64LE(0x20));
  const phentsize = b.readUInt16LE(0x36);
  const phnum = b.readUInt16LE(0x38);
  let dynamic = false;
  for (let i = 0; i < phnum; i++) if (b.readUInt32LE(phoff + i * phentsize) === 3) dynamic = true;
  return { machine: b.readUInt16LE(0x12), dynamic };
}

const cache = mkdtempSync(join(tmpdir(), "lab-agent-cache-"));
process.env.LAB_CACHE = cache;
t.teardown(() => rmSync(cache, { recursive: true, force: true }));

for (const [arch, cc] of [
  ["x86_64", "gcc"],
  ["arm64", "aarch64-linux-gnu-gcc"],
] as Array<[Arch, string]>) {
  t.test(`agent for ${arch}`, { skip: !hasCompiler(cc) && `${cc} is not installed` }, async (t) => {
    const path = await buildAgent(arch);
    t.equal(join(path, ".."), agentCacheDir(), "under $LAB_CACHE/agent");
    t.same(elfFacts(path), { machine: ELF_MACHINE[arch], dynamic: false }, "static, right machine");
    const mtime = statSync(path).mtimeMs;
    t.equal(await buildAgent(arch), path, "second call: the cached binary");
    t.equal(statSync(path).mtimeMs, mtime, "not rebuilt");
    t.same(
      readdirSync(agentCacheDir()).filter((n) => n.includes(".tmp-")),
      [],
      "no temp file left",
    );
    const loader = await buildStatic(directLoadSource(), `direct-load-${arch}`, arch);
    t.same(elfFacts(loader), { machine: ELF_MACHINE[arch], dynamic: false }, "direct-load too");
  });
}

t.test("a source that does not compile: IMAGE_BUILD_FAILED naming the file", async (t) => {
  const bad = join(cache, "bad.c");
  execFileSync("sh", ["-c", `printf 'int main(void) { return nope; }\\n' > ${bad}`]);
  await t.rejects(buildStatic(bad, "bad", "x86_64"), { code: "IMAGE_BUILD_FAILED", where: { file: bad } });
  t.same(
    readdirSync(agentCacheDir()).filter((n) => n.startsWith("bad")),
    [],
    "nothing half-written",
  );
});
