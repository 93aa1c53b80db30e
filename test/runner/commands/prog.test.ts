/** `lab prog`: the built CLI writes generated programs, atomically, in the asked format. */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import t from "tap";
import { decodeInsns, encodeInsns } from "../../../lab/isa/insn.js";
import { slurmDeviceProgram } from "../../../lab/programs/generators/slurm-device.js";
import { runLab } from "../../helpers/cli.js";

const dir = mkdtempSync(join(tmpdir(), "lab-prog-"));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));

t.test("slurm-device --devices 3 -o x.bin writes 23 raw instructions", async (t) => {
  const file = join(dir, "x.bin");
  const r = runLab(["prog", "slurm-device", "--devices", "3", "-o", file]);
  t.equal(r.status, 0, r.stderr);
  t.match(r.stdout, /slurm-device: 23 insns \(cgroup_device\)/);
  const bytes = new Uint8Array(readFileSync(file));
  t.equal(bytes.length, 23 * 8);
  t.same(bytes, encodeInsns(slurmDeviceProgram({ devices: 3 }).insns));
  t.same(
    decodeInsns(bytes)
      .slice(6, 11)
      .map((x) => [x.code, x.dst, x.imm]),
    [
      [0x55, 2, 2],
      [0x55, 4, 195],
      [0x55, 5, 0],
      [0xb7, 0, 1],
      [0x95, 0, 0],
    ],
  );
  t.same(readdirSync(dir), ["x.bin"], "no temp file left behind");
});

t.test("--json summarises; --deny and --device shape the rules", async (t) => {
  const file = join(dir, "y.bin");
  const r = runLab([
    "--json",
    "prog",
    "slurm-device",
    "--device",
    "c 195:0",
    "--device",
    "a 10:*",
    "--deny",
    "1",
    "-o",
    file,
  ]);
  t.equal(r.status, 0, r.stderr);
  const summary = JSON.parse(r.stdout);
  t.match(summary, {
    generator: "slurm-device",
    format: "bin",
    insns: 6 + 5 + 3 + 2,
    bytes: 16 * 8,
    license: "GPL",
  });
  t.match(summary.sha256, /^[0-9a-f]{64}$/);
  t.equal(decodeInsns(new Uint8Array(readFileSync(file)))[12]!.imm, 0, "the second rule denies");
});

t.test("text format: one verifier-log line per instruction", async (t) => {
  const file = join(dir, "z.s");
  const r = runLab(["prog", "slurm-device", "--devices", "1", "-o", file]);
  t.equal(r.status, 0, r.stderr);
  const lines = readFileSync(file, "utf8").trimEnd().split("\n");
  t.equal(lines.length, 13);
  t.equal(lines[0], "0: (61) r2 = *(u32 *)(r1 +0)");
  t.equal(lines[12], "12: (95) exit");
  const bin = runLab(["prog", "slurm-device", "--devices", "1", "--format", "bin", "-o", join(dir, "z.txt")]);
  t.equal(bin.status, 0);
  t.equal(readFileSync(join(dir, "z.txt")).length, 13 * 8, "--format overrides the suffix");
});

t.test("-o - writes to stdout", async (t) => {
  const r = runLab(["prog", "slurm-device", "--devices", "2", "--format", "text", "-o", "-"]);
  t.equal(r.status, 0, r.stderr);
  t.equal(r.stdout.trimEnd().split("\n").length, 18);
  t.match(r.stdout, /^6: \(55\) if r2 != 0x2 goto pc\+4$/m);
});

t.test("--list names the generators and their parameters", async (t) => {
  const r = runLab(["--json", "prog", "--list"]);
  t.equal(r.status, 0);
  const { generators } = JSON.parse(r.stdout);
  const slurm = generators.find((g: { name: string }) => g.name === "slurm-device");
  t.same(
    slurm.params.map((p: { name: string }) => p.name),
    ["devices", "deny", "defaultAction"],
  );
  t.match(runLab(["prog", "--list"]).stdout, /^slurm-device: /m);
});

t.test("errors: usage mistakes exit 2 with a code; an unwritable output leaves nothing", async (t) => {
  const noOut = runLab(["prog", "slurm-device", "--devices", "1"]);
  t.equal(noOut.status, 2);
  t.match(noOut.stderr, /LAB_ARGS_INVALID: -o FILE is required/);
  const wild = runLab(["--json", "prog", "slurm-device", "--device", "a *:*", "-o", join(dir, "w.bin")]);
  t.equal(wild.status, 2);
  t.equal(JSON.parse(wild.stdout).error.code, "LAB_ARGS_INVALID");
  const sub = mkdtempSync(join(dir, "sub-"));
  const isDir = runLab(["--json", "prog", "slurm-device", "--devices", "1", "-o", sub]);
  t.equal(isDir.status, 2);
  t.equal(JSON.parse(isDir.stdout).error.code, "LAB_OUTPUT_FAILED");
  t.same(
    readdirSync(dir).filter((f) => f.endsWith(".tmp")),
    [],
    "the temp file next to the target was removed",
  );
  const bad = runLab(["prog", "slurm-device", "--param", "devcies=3", "-o", join(dir, "b.bin")]);
  t.equal(bad.status, 2);
  t.match(bad.stderr, /unknown parameter "devcies"/);
});
