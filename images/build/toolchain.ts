/**
 * The toolchain a kernel build for an arch uses: make, the C compiler (the host's for its own arch,
 * `<triple>-gcc` cross otherwise, CROSS_COMPILE=`<triple>-`), and the tools kbuild runs (flex,
 * bison, bc, perl). Its identity (versions) is part of a build's cache key.
 */
import { execa } from "execa";
import { ARCHES, hostArch } from "../../lab/arch.js";
import type { Arch } from "../../lab/backend.js";
import { LabError } from "../../lab/errors.js";

export interface Toolchain {
  arch: Arch;
  /** make variables: ARCH=..., CROSS_COMPILE=... when cross */
  makeVars: string[];
  /** "gcc (Debian 12.2.0-14) 12.2.0 | GNU Make 4.3" */
  id: string;
}

const HOST_TOOLS = ["make", "flex", "bison", "bc", "perl"];
const APT_HINT = "apt-get install build-essential bc flex bison libelf-dev libssl-dev";

async function firstLine(command: string, args: string[]): Promise<string | null> {
  try {
    const { stdout } = await execa(command, args);
    return stdout.split("\n")[0]!.trim();
  } catch {
    return null;
  }
}

export function makeVarsFor(arch: Arch, host: Arch = hostArch()): string[] {
  const row = ARCHES[arch].kernelBuild;
  const vars = [`ARCH=${row.makeArch}`];
  if (arch !== host) vars.push(`CROSS_COMPILE=${row.triple}-`);
  return vars;
}

export function compilerFor(arch: Arch, host: Arch = hostArch()): string {
  return arch === host ? "gcc" : `${ARCHES[arch].kernelBuild.triple}-gcc`;
}

export async function findToolchain(arch: Arch): Promise<Toolchain> {
  const missing: string[] = [];
  const versions: string[] = [];
  const cc = compilerFor(arch);
  for (const tool of [cc, ...HOST_TOOLS]) {
    const line = await firstLine(tool, ["--version"]);
    if (line === null) missing.push(tool);
    else if (tool === cc || tool === "make") versions.push(line);
  }
  if (missing.length > 0) {
    const crossHint = cc === "gcc" ? "" : ` ${ARCHES[arch].ccPackage}`;
    throw new LabError(
      "IMAGE_TOOLCHAIN_MISSING",
      `building a ${arch} kernel needs ${missing.join(", ")}, not found`,
      {
        where: { value: missing[0] },
        hint: `${APT_HINT}${crossHint}`,
      },
    );
  }
  return { arch, makeVars: makeVarsFor(arch), id: versions.join(" | ") };
}
