/** `lab disasm` and `lab asm` as a user runs them (the built CLI). */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import t from "tap";
import { encodeInsns, insn } from "../../lab/isa/insn.js";
import { runLab } from "../helpers/cli.js";
import { buildFixture, clangMissing } from "./clang.js";

const dir = mkdtempSync(join(tmpdir(), "lab-isa-cli-"));
const bin = join(dir, "p.bin");
writeFileSync(
  bin,
  encodeInsns([
    insn(0x61, 2, 1, 0, 0),
    insn(0x56, 2, 0, 1, 5),
    insn(0xb7, 0, 0, 0, 1),
    insn(0x95, 0, 0, 0, 0),
  ]),
);

t.test("disasm prints kernel log lines; asm reads them back", async (t) => {
  const r = runLab(["disasm", bin]);
  t.equal(r.status, 0, r.stderr);
  t.equal(
    r.stdout,
    "0: (61) r2 = *(u32 *)(r1 +0)\n1: (56) if w2 != 0x5 goto pc+1\n2: (b7) r0 = 1\n3: (95) exit\n",
  );
  const text = join(dir, "p.s");
  writeFileSync(text, r.stdout);
  const out = join(dir, "again.bin");
  const a = runLab(["asm", text, "-o", out]);
  t.equal(a.status, 0, a.stderr);
  t.same([...readFileSync(out)], [...readFileSync(bin)]);
  const s = runLab(["asm", "-", "-o", join(dir, "stdin.bin"), "--json"], { input: "r0 = 0\nexit\n" });
  t.match(JSON.parse(s.stdout), { insns: 2, bytes: 16 });
});

t.test("errors are positioned and exit 2", async (t) => {
  const text = join(dir, "bad.s");
  writeFileSync(text, "r0 = 0\nr1 = *(u32 *)(r11 +0)\nexit\n");
  const r = runLab(["asm", text, "-o", join(dir, "bad.bin"), "--json"]);
  t.equal(r.status, 2);
  t.match(JSON.parse(r.stdout), { error: { code: "LAB_PROGRAM_INVALID", where: `${text}:2:15` } });
  const odd = join(dir, "odd.bin");
  writeFileSync(odd, new Uint8Array(12));
  const d = runLab(["disasm", odd]);
  t.equal(d.status, 2);
  t.match(d.stderr, /LAB_PROGRAM_INVALID: .*odd\.bin@8/);
});

t.test("ELF objects: per program, --section, --json", { skip: clangMissing }, async (t) => {
  const obj = buildFixture("legacy");
  const all = runLab(["disasm", obj]);
  t.equal(all.status, 0, all.stderr);
  t.match(
    all.stdout,
    /^; xdp\/count_packets prog_type=xdp license=Dual BSD\/GPL\n\.map stats array key=4 value=8 entries=4 flags=0\n/,
  );
  t.match(all.stdout, /\n; tc\/classify prog_type=sched_cls/);
  const j = JSON.parse(runLab(["disasm", obj, "--section", "tc", "--json"]).stdout);
  t.equal(j.programs.length, 1);
  t.match(j.programs[0], { name: "classify", section: "tc", progType: "sched_cls" });
  t.match(j.programs[0].insns[1], { index: 1, code: 0x18, src: 2, text: "(18) r2 = map[.rodata][0]+0" });
  const none = runLab(["disasm", obj, "--prog", "nope"]);
  t.equal(none.status, 2);
  t.match(none.stderr, /LAB_ARGS_INVALID.*xdp\/count_packets, tc\/classify/);
  // the listing assembles back into the same instructions
  const listing = join(dir, "classify.s");
  writeFileSync(listing, runLab(["disasm", obj, "--prog", "count_packets"]).stdout);
  const back = JSON.parse(runLab(["disasm", listing, "--json"]).stdout).programs[0];
  const direct = JSON.parse(runLab(["disasm", obj, "--prog", "count_packets", "--json"]).stdout).programs[0];
  t.same(back.insns, direct.insns);
  t.same(back.maps, direct.maps);
});
