/**
 * `lab stat` on the host equals the kernel's own counts for a clang-built object: each program's
 * bytes are cut out of the object with LLVM's tools (not the lab's ELF reader) and loaded at log
 * level 4 by the independent direct loader; processed/states must equal lab stat's row. Then
 * `lab compare` of two kernels' CSVs (6.1 and 6.12 profiles) prints veristat-style deltas.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import t from "tap";
import { REPO_ROOT, runLab } from "../../helpers/cli.js";
import { buildDirectLoad, hostSkipReason } from "../../kernel/helpers/agent.js";

const has = (cmd: string) => spawnSync("sh", ["-c", `command -v ${cmd}`]).status === 0;
const toolsMissing = ["clang", "llvm-readelf", "llvm-objcopy"].filter((c) => !has(c));
const skip =
  hostSkipReason() ||
  (toolsMissing.length ? `needs ${toolsMissing.join(", ")} (apt-get install clang llvm)` : false);

function buildObject(dir: string): string {
  const obj = join(dir, "filters.o");
  execFileSync("clang", [
    "-target",
    "bpf",
    "-O2",
    "-c",
    join(REPO_ROOT, "test", "fixtures", "stat", "filters.c"),
    "-o",
    obj,
  ]);
  return obj;
}

t.test("lab stat --backend host equals the kernel's own level-4 counts", { skip }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "lab-stat-"));
  const obj = buildObject(dir);
  const section = join(dir, "socket.bin");
  execFileSync("llvm-objcopy", ["--dump-section", `socket=${section}`, obj, join(dir, "scratch.o")]);
  const bytes = readFileSync(section);
  const symbols = execFileSync("llvm-readelf", ["-s", obj], { encoding: "utf8" })
    .split("\n")
    .map((l) => /^\s*\d+: ([0-9a-f]+)\s+(\d+) FUNC\s+GLOBAL\s+\S+\s+\d+ (\w+)$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ name: m[3]!, offset: Number.parseInt(m[1]!, 16), size: Number(m[2]) }));
  t.same(symbols.map((s) => s.name).sort(), ["classify_len", "classify_mark"]);
  const direct = await buildDirectLoad();
  const stat = runLab(["stat", obj, "--backend", "host", "-o", "json"]);
  t.equal(stat.status, 0, stat.stderr);
  const rows = JSON.parse(stat.stdout) as Array<Record<string, unknown>>;
  for (const sym of symbols) {
    const insns = bytes.subarray(sym.offset, sym.offset + sym.size);
    const out = spawnSync(direct, ["--prog-type", "1", "--log-level", "4", "--log-size", String(1 << 20)], {
      input: insns,
      encoding: "utf8",
    });
    const kernel = JSON.parse(out.stdout.trim().split("\n").pop()!);
    const row = rows.find((r) => r.prog_name === sym.name)!;
    t.ok(row, `lab stat has a row for ${sym.name}`);
    t.equal(row.verdict, kernel.ok ? "success" : "failure", `${sym.name}: verdict`);
    t.equal(row.total_insns, kernel.processed, `${sym.name}: processed insns`);
    t.equal(row.total_states, kernel.total_states, `${sym.name}: total states`);
    t.equal(row.peak_states, kernel.peak_states, `${sym.name}: peak states`);
    t.equal(row.mark_read, kernel.mark_read, `${sym.name}: mark_read`);
  }
});

t.test(
  "lab compare of the 6.1 and 6.12 profiles' CSVs prints deltas and honours -e/-f",
  { skip: has("clang") ? false : "needs clang" },
  async (t) => {
    const dir = mkdtempSync(join(tmpdir(), "lab-stat-"));
    const obj = buildObject(dir);
    const csv = (kernel: string) => {
      const r = runLab([
        "stat",
        obj,
        "--kernel",
        kernel,
        "-o",
        "csv",
        "-e",
        "file,prog,verdict,insns,states,peak_states",
      ]);
      t.equal(r.status, 0, r.stderr);
      const file = join(dir, `${kernel}.csv`);
      writeFileSync(file, r.stdout);
      return file;
    };
    const a = csv("6.1.170");
    const b = csv("6.12.117");
    t.match(
      readFileSync(a, "utf8"),
      /^file_name,prog_name,verdict,total_insns,total_states,peak_states\nfilters\.o,classify_len,success,\d+,\d+,\d+\n/,
    );
    const cmp = runLab(["compare", a, b, "-e", "file,prog,insns,states"]);
    t.equal(cmp.status, 0, cmp.stderr);
    const lines = cmp.stdout.trimEnd().split("\n");
    t.match(
      lines[0],
      /^File\s+Program\s+Insns \(A\)\s+Insns \(B\)\s+Insns \(DIFF\)\s+States \(A\)\s+States \(B\)\s+States \(DIFF\)$/,
    );
    t.equal(lines.length, 5, "header, rule, two programs, rule");
    for (const line of lines.slice(2, 4))
      t.match(line, /^filters\.o\s+classify_\w+\s+\d+\s+\d+\s+[+-]\d+ \([+-]\d+\.\d\d%\)/);
    const only = runLab(["compare", a, b, "-f", "*/classify_mark", "--json"]);
    t.same(
      JSON.parse(only.stdout).map((r: { prog_name: string }) => r.prog_name),
      ["classify_mark"],
    );
  },
);
