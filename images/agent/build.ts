/**
 * Builds the agent (images/agent/*.c) static for one arch and caches the binary under
 * `$LAB_CACHE/agent/` (default `$XDG_CACHE_HOME/lab` or `~/.cache/lab`), keyed by a hash of the
 * source, the compiler's version and the flags. Built to a temp file, then renamed into place.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync } from "node:fs";
import { mkdir, readFile, rename, rm } from "node:fs/promises";
import { homedir } from "node:os";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { ARCHES } from "../../lab/arch.js";
import type { Arch } from "../../lab/backend.js";
import { LabError } from "../../lab/errors.js";

const run = promisify(execFile);
const FLAGS = ["-static", "-O2", "-Wall", "-Wextra"];

/** The agent's source folder, found from this module whether it runs from the tree or from dist/. */
export function agentSourceDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    for (const candidate of [join(dir, "images", "agent"), dir]) {
      if (existsSync(join(candidate, "agent.c")) && existsSync(join(candidate, "protocol.h")))
        return candidate;
    }
    dir = dirname(dir);
  }
  throw new LabError("LAB_INTERNAL", "images/agent/agent.c not found next to the lab's code");
}

/** The agent's C files (compiled together) and headers (hashed with them), sorted by name. */
export function agentSources(): { sources: string[]; headers: string[] } {
  const dir = agentSourceDir();
  const names = readdirSync(dir).sort();
  return {
    sources: names.filter((n) => n.endsWith(".c")).map((n) => join(dir, n)),
    headers: names.filter((n) => n.endsWith(".h")).map((n) => join(dir, n)),
  };
}

export function agentCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const root =
    env.LAB_CACHE ||
    (env.XDG_CACHE_HOME ? join(env.XDG_CACHE_HOME, "lab") : join(homedir(), ".cache", "lab"));
  return join(root, "agent");
}

/** Path of a cached static agent binary for `arch`, building it first when needed. */
export async function buildAgent(arch: Arch): Promise<string> {
  const { sources, headers } = agentSources();
  return buildStatic(sources, `lab-agent-${arch}`, arch, headers);
}

/**
 * Compile C files static for `arch` into the agent cache (shared with test fixtures), keyed by the
 * sources, the extra files named (headers), the compiler's version and the flags.
 */
export async function buildStatic(
  source: string | string[],
  name: string,
  arch: Arch,
  extraInputs: string[] = [],
): Promise<string> {
  const sources = typeof source === "string" ? [source] : source;
  const cc = ARCHES[arch].cc;
  const hash = createHash("sha256");
  for (const file of [...sources, ...extraInputs]) hash.update(basename(file)).update(await readFile(file));
  const version = await compilerVersion(cc);
  const key = hash.update(version).update(FLAGS.join(" ")).digest("hex").slice(0, 16);
  const dir = agentCacheDir();
  const target = join(dir, `${name}-${key}`);
  if (existsSync(target)) return target;
  await mkdir(dir, { recursive: true });
  const temp = `${target}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  try {
    await run(cc, [...FLAGS, "-o", temp, ...sources], { maxBuffer: 16 * 1024 * 1024 });
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    const stderr = (error as { stderr?: string }).stderr ?? "";
    throw new LabError(
      "IMAGE_BUILD_FAILED",
      `building ${name} with ${cc} failed: ${stderr.trim() || String(error)}`,
      {
        where: { file: sources[0] },
        cause: error,
      },
    );
  }
  return target;
}

const versions = new Map<string, Promise<string>>();

/** The compiler's first `--version` line, asked once per process. */
function compilerVersion(cc: string): Promise<string> {
  let version = versions.get(cc);
  if (!version) {
    version = askVersion(cc);
    versions.set(cc, version);
    version.catch(() => versions.delete(cc));
  }
  return version;
}

async function askVersion(cc: string): Promise<string> {
  try {
    const { stdout } = await run(cc, ["--version"]);
    return stdout.split("\n")[0] ?? "";
  } catch (error) {
    throw new LabError("IMAGE_BUILD_FAILED", `the C compiler ${cc} is not installed`, {
      where: { value: cc },
      hint: "run .ci/setup (it installs gcc and gcc-aarch64-linux-gnu with libc6-dev-arm64-cross)",
      cause: error,
    });
  }
}
