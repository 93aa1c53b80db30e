/** Test helpers: start the real agent, build the direct loader, say why a test must skip. */
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { buildAgent, buildStatic } from "../../../images/agent/build.js";
import { hostArch } from "../../../lab/arch.js";
import type { Arch } from "../../../lab/backend.js";
import { AgentClient } from "../../../lab/kernel/agent/client.js";
import { REPO_ROOT } from "../../helpers/cli.js";

/** Why a test that needs the host kernel cannot run here, or false. */
export function hostSkipReason(): string | false {
  if (process.platform !== "linux") return "needs Linux";
  if (process.getuid?.() !== 0) return "needs root for bpf() and cgroups (KERNEL_UNAVAILABLE otherwise)";
  return false;
}

export interface RunningAgent {
  child: ChildProcess;
  client: AgentClient;
  pid: number;
  /** resolves with the exit code once the agent exits */
  exited: Promise<number | null>;
  stderr(): string;
}

export async function startAgent(env: NodeJS.ProcessEnv = {}, args: string[] = []): Promise<RunningAgent> {
  const bin = await buildAgent(hostArch());
  const child = spawn(bin, args, { stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, ...env } });
  let err = "";
  child.stderr!.on("data", (c: Buffer) => {
    err += c.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const client = new AgentClient(child.stdout!, child.stdin!, { label: "test agent", timeoutMs: 10_000 });
  return { child, client, pid: child.pid!, exited, stderr: () => err };
}

export function directLoadSource(): string {
  return join(REPO_ROOT, "test", "fixtures", "direct-load", "direct-load.c");
}

/** The independent static loader, built (and cached) for `arch`. */
export function buildDirectLoad(arch: Arch = hostArch()): Promise<string> {
  return buildStatic(directLoadSource(), `direct-load-${arch}`, arch);
}
