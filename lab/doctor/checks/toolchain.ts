/** Compilers and busybox: what building the guest agent and the initramfs needs, per arch (arch table). */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cacheRoot } from "../../../images/cache/paths.js";
import { ARCHES, hostArch } from "../../arch.js";
import { readElfFacts } from "../elf.js";
import { runQuiet, which } from "../probe.js";
import { type Check, type DoctorContext, missing, ok, warn } from "../types.js";

export const compilerChecks: Check[] = Object.values(ARCHES).map((row) => ({
  id: `cc-${row.arch}`,
  title: `C compiler ${row.arch}`,
  run: async () => {
    const path = which(row.cc);
    if (!path)
      return missing(
        `${row.cc} not found (builds the guest agent for ${row.arch})`,
        "PATH lookup",
        `apt-get install ${row.ccPackage}`,
      );
    return compileStatic(path, row.elfMachine, `apt-get install ${row.ccPackage}`);
  },
}));

export const clangCheck: Check = {
  id: "clang",
  title: "clang (BPF target)",
  run: async () => {
    const path = which("clang");
    if (!path)
      return missing(
        "clang not found (compiles BPF C programs)",
        "PATH lookup",
        "apt-get install clang llvm",
      );
    const targets = (await runQuiet(path, ["-print-targets"], 10_000))?.stdout ?? "";
    if (!/^\s*bpf\s/m.test(targets))
      return warn(`${path} has no bpf target`, "clang -print-targets", "apt-get install clang llvm");
    return ok(`${path}, bpf target present`, "PATH lookup, clang -print-targets");
  },
};

const BUSYBOX_PATHS = ["/bin/busybox", "/usr/bin/busybox"];

export const busyboxChecks: Check[] = Object.values(ARCHES).map((row) => ({
  id: `busybox-${row.arch}`,
  title: `busybox ${row.arch}`,
  run: (context) => {
    const how = `${BUSYBOX_PATHS.join(" or ")}: ELF header (machine, no interpreter)`;
    if (row.arch !== hostArch()) return foreignBusybox(row.elfMachine, row.arch, row.debian, context);
    for (const path of BUSYBOX_PATHS) {
      let bytes: Buffer;
      try {
        bytes = readFileSync(path);
      } catch {
        continue;
      }
      const elf = readElfFacts(bytes);
      if (!elf || elf.machine !== row.elfMachine) continue;
      if (!elf.isStatic)
        return warn(
          `${path} is dynamically linked: the initramfs needs a static one`,
          how,
          "apt-get install busybox-static",
        );
      return ok(`${path} (static)`, how);
    }
    return missing("no static busybox", how, "apt-get install busybox-static");
  },
}));

/** builds a one-line C program with `-static`, as the guest agent is built, and checks the result */
async function compileStatic(
  cc: string,
  machine: number,
  fix: string,
): Promise<Awaited<ReturnType<Check["run"]>>> {
  const how = `${cc} -static on a one-line C program; ELF header of the result`;
  const dir = mkdtempSync(join(tmpdir(), "lab-doctor-cc-"));
  try {
    writeFileSync(join(dir, "t.c"), "int main(void) { return 0; }\n");
    const run = await runQuiet(cc, ["-static", "-O0", "-o", join(dir, "t"), join(dir, "t.c")], 30_000);
    if (run?.status !== 0) {
      const why = run?.stderr.trim().split("\n")[0] ?? "could not start";
      return missing(`${cc} cannot build a static binary: ${why}`, how, fix);
    }
    const elf = readElfFacts(readFileSync(join(dir, "t")));
    if (!elf || elf.machine !== machine || !elf.isStatic)
      return warn(`${cc} built an unexpected binary`, how, fix);
    return ok(`${cc} builds static binaries`, how);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** another arch's busybox comes from the archive into the image cache (images/initramfs/busybox.ts) */
function foreignBusybox(
  machine: number,
  arch: string,
  debian: string,
  context: DoctorContext,
): Awaited<ReturnType<Check["run"]>> {
  const dir = join(cacheRoot(context.env), "initramfs"); // cacheDirs() would create it: doctor only looks
  const how = `static ${arch} busybox-* files in ${dir} (ELF header)`;
  let names: string[] = [];
  try {
    names = readdirSync(dir).filter((n) => /^busybox-[0-9a-f]{64}$/.test(n));
  } catch {}
  for (const name of names) {
    const elf = readElfFacts(readFileSync(join(dir, name)));
    if (elf?.machine === machine && elf.isStatic) return ok(`cached: ${join(dir, name)} (static)`, how);
  }
  return ok(
    `not cached yet: fetched from the Debian archive (busybox-static:${debian}) with the first ${arch} initramfs`,
    how,
  );
}
