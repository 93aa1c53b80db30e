/**
 * The ELF reader on objects clang builds from our fixtures: programs, sections, license, legacy and
 * BTF-defined maps, global data, map relocations, subprogram linking; and every executable section
 * decoded exactly as `llvm-objdump -d` decodes it (opcode and operands per index).
 */
import { readFileSync } from "node:fs";
import t from "tap";
import { readElf, SHF_EXECINSTR, sectionBytes } from "../../lab/isa/elf/elf64.js";
import { readElfPrograms } from "../../lab/isa/elf/index.js";
import { sectionDef } from "../../lab/isa/elf/sections.js";
import { decodeInsns, encodeInsns } from "../../lab/isa/insn.js";
import { buildFixture, clangMissing, objdumpMissing, objdumpSlots } from "./clang.js";

const load = (path: string) => readElfPrograms(new Uint8Array(readFileSync(path)), path);

t.test("section names give program types as libbpf's table does", async (t) => {
  t.same(sectionDef("cgroup/dev"), {
    pattern: "cgroup/dev",
    progType: "cgroup_device",
    attachType: "cgroup_device",
  });
  t.equal(sectionDef("socket")?.progType, "socket_filter");
  t.equal(sectionDef("xdp")?.progType, "xdp");
  t.equal(sectionDef("tc")?.progType, "sched_cls");
  t.equal(sectionDef("classifier")?.progType, "sched_cls");
  t.equal(sectionDef("kprobe/do_sys_open")?.progType, "kprobe");
  t.equal(sectionDef("tracepoint/syscalls/sys_enter_open")?.progType, "tracepoint");
  t.equal(sectionDef("kprobeX"), null);
  t.equal(sectionDef("socket/x"), null);
});

t.test("BTF maps, subprogram call, atomics", { skip: clangMissing }, async (t) => {
  const [p, ...rest] = load(buildFixture("maps"));
  t.equal(rest.length, 0);
  t.match(p, {
    name: "prog",
    progType: "socket_filter",
    license: "GPL",
    source: { format: "elf", section: "socket" },
  });
  t.same(p!.maps, [
    { name: "counts", type: "hash", keySize: 4, valueSize: 8, maxEntries: 64, flags: 0 },
    { name: "arr", type: "array", keySize: 4, valueSize: 16, maxEntries: 2, flags: 0 },
  ]);
  t.same(p!.relocations, [
    { insnIndex: 5, mapIndex: 0, kind: "fd", offset: 0 },
    { insnIndex: 13, mapIndex: 1, kind: "fd", offset: 0 },
  ]);
  t.match(p!.insns[5], { code: 0x18, src: 1, imm: 0 });
  t.match(p!.insns[13], { code: 0x18, src: 1, imm: 1 });
  // the static subprogram `add` (4 insns of .text) is appended after the 23 insns of `prog`
  t.equal(p!.insns.length, 27);
  t.match(p!.insns[21], { code: 0x85, src: 1, imm: 1 });
  t.match(p!.insns[23], { code: 0xbf, dst: 0, src: 1 });
});

t.test("legacy maps, global data, callbacks, two programs", { skip: clangMissing }, async (t) => {
  const programs = load(buildFixture("legacy"));
  t.same(
    programs.map((p) => [p.name, p.source.section, p.progType, p.license]),
    [
      ["count_packets", "xdp", "xdp", "Dual BSD/GPL"],
      ["classify", "tc", "sched_cls", "Dual BSD/GPL"],
    ],
  );
  const [xdp, tc] = programs;
  t.same(
    xdp!.maps.map((m) => [m.name, m.type, m.keySize, m.valueSize, m.maxEntries, m.flags]),
    [
      ["stats", "array", 4, 8, 4, 0],
      [".rodata", "array", 4, 4, 1, 0x80],
      [".data", "array", 4, 4, 1, 0],
      [".bss", "array", 4, 8, 1, 0],
    ],
  );
  t.same(
    tc!.maps.map((m) => m.name),
    [".rodata"],
  );
  t.same(tc!.relocations, [{ insnIndex: 1, mapIndex: 0, kind: "value", offset: 0 }]);
  // bpf_loop's callback: ld_imm64 marked BPF_PSEUDO_FUNC, pointing at the appended `visit`
  const ld = xdp!.insns.findIndex((x) => x.code === 0x18 && x.src === 4);
  t.ok(ld > 0);
  t.equal(ld + xdp!.insns[ld]!.imm + 1, 26, "callback starts right after the 26 insns of count_packets");
  t.match(xdp!.insns[26], { code: 0x18, src: 2 });
});

t.test(
  "decoding agrees with llvm-objdump -d, index by index",
  { skip: clangMissing || objdumpMissing },
  async (t) => {
    for (const [name, flags] of [
      ["maps", []],
      ["legacy", []],
      ["atomics", ["-mcpu=v3"]],
      ["cgroup_dev", []],
    ] as const) {
      const path = buildFixture(name, [...flags]);
      const elf = readElf(new Uint8Array(readFileSync(path)), path);
      const reference = objdumpSlots(path);
      let compared = 0;
      for (const s of elf.sections.filter((s) => (s.flags & SHF_EXECINSTR) !== 0 && s.size > 0)) {
        const ours = decodeInsns(sectionBytes(elf, s).data);
        const theirs = reference.get(s.name) ?? [];
        t.equal(ours.length, theirs.length, `${name} ${s.name}: instruction count`);
        ours.forEach((x, i) => {
          t.same([...encodeInsns([x])], [...theirs[i]!], `${name} ${s.name} #${i}`);
          compared++;
        });
      }
      t.ok(compared > 10, `${name}: ${compared} instructions compared`);
    }
  },
);
