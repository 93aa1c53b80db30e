/** The assembler: directives, map references, pasted logs, and positioned errors. */
import t from "tap";
import { isLabError } from "../../lab/errors.js";
import { assemble } from "../../lab/isa/asm.js";

function errorOf(text: string): { where: unknown; message: string } {
  try {
    assemble(text, { origin: "p.s" });
  } catch (error) {
    if (isLabError(error) && error.code === "LAB_PROGRAM_INVALID")
      return { where: error.where, message: error.message };
    throw error;
  }
  throw new Error(`no error for ${text}`);
}

t.test("errors carry file:line:col", async (t) => {
  t.same(errorOf("r0 = 0\n  r1 += 0x100000000\nexit").where, { file: "p.s", line: 2, col: 9 });
  t.same(errorOf("r11 = 1").where, { file: "p.s", line: 1, col: 1 });
  t.match(errorOf("exit\ngoto").message, /cannot parse instruction 'goto'/);
  t.same(errorOf("exit\ngoto").where, { file: "p.s", line: 2, col: 1 });
  t.match(errorOf("r1 = map[counts]\nexit").message, /map counts is not declared/);
  t.match(errorOf("").message, /no instructions/);
  t.match(errorOf("0: (b7) r0 = 0\n2: (95) exit").message, /instruction 1 is missing/);
  t.match(errorOf("0: (b4) r0 = 0\n1: (95) exit").message, /log says \(b4\) but the text is a \(b7\)/);
  t.match(
    errorOf(".map m array key=4 value=8 entries=1 colour=3\nexit").message,
    /unknown .map field colour/,
  );
});

t.test("directives and named maps", async (t) => {
  const p = assemble(
    [
      ".prog_type socket_filter",
      ".license Dual BSD/GPL",
      ".map counts array key=4 value=8 entries=4",
      "r1 = map[counts] // the map",
      "r2 = map[counts][0]+8",
      "r0 = 0",
      "exit",
    ].join("\n"),
    { origin: "dir/prog.s" },
  );
  t.equal(p.name, "prog");
  t.equal(p.progType, "socket_filter");
  t.equal(p.license, "Dual BSD/GPL");
  t.same(p.maps, [{ name: "counts", type: "array", keySize: 4, valueSize: 8, maxEntries: 4, flags: 0 }]);
  t.same(p.relocations, [
    { insnIndex: 0, mapIndex: 0, kind: "fd", offset: 0 },
    { insnIndex: 2, mapIndex: 0, kind: "value", offset: 8 },
  ]);
  t.same(p.insns.slice(0, 4), [
    { code: 0x18, dst: 1, src: 1, off: 0, imm: 0 },
    { code: 0, dst: 0, src: 0, off: 0, imm: 0 },
    { code: 0x18, dst: 2, src: 2, off: 0, imm: 0 },
    { code: 0, dst: 0, src: 0, off: 0, imm: 8 },
  ]);
});

t.test("a pasted 6.18 level-2 log (lines as the host printed them)", async (t) => {
  const log = [
    "func#0 @0",
    "Live regs before insn:",
    "      0: ....4..... (b7) r0 = 0",
    "      1: 0...4..... (18) r2 = 0xffff88810438b600",
    "      3: 0......... (95) exit",
    "0: R1=ctx() R10=fp0",
    "0: (b7) r0 = 0                        ; R0=0",
    "1: (18) r2 = 0xffff88810438b600       ; R2_w=map_ptr(map=m,ks=8,vs=16)",
    "3: (95) exit",
    "processed 3 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0",
  ].join("\n");
  const p = assemble(log);
  t.same(
    p.insns.map((x) => x.code),
    [0xb7, 0x18, 0, 0x95],
  );
  t.same(p.maps, [
    { name: "map_ffff88810438b600", type: "hash", keySize: 8, valueSize: 16, maxEntries: 1, flags: 0 },
  ]);
  t.same(p.relocations, [{ insnIndex: 1, mapIndex: 0, kind: "fd", offset: 0 }]);
  t.same(assemble("0: (b7) r1 = 0x5\n1: (95) exit").insns[0], { code: 0xb7, dst: 1, src: 0, off: 0, imm: 5 });
  t.same(assemble("r1 = map[id:7]\nexit").maps[0]?.name, "map_id_7");
});

t.test("map value addresses in a pasted log: one map, offsets from the state", async (t) => {
  // lines as the host (6.18) printed them for two bpf_printk strings in .rodata
  const log = [
    "0: (18) r1 = 0xffff8882eaef2538       ; R1=map_value(ks=4,vs=18)",
    "2: (b7) r2 = 9                        ; R2=9",
    "3: (85) call bpf_trace_printk#6",
    "4: (18) r1 = 0xffff8882eaef2541       ; R1=map_value(ks=4,vs=18,off=9)",
    "6: (95) exit",
  ].join("\n");
  const p = assemble(log);
  t.same(p.maps, [
    { name: "map_ffff8882eaef2538", type: "array", keySize: 4, valueSize: 18, maxEntries: 1, flags: 0 },
  ]);
  t.same(p.relocations, [
    { insnIndex: 0, mapIndex: 0, kind: "value", offset: 0 },
    { insnIndex: 4, mapIndex: 0, kind: "value", offset: 9 },
  ]);
  t.same(p.insns[5], { code: 0, dst: 0, src: 0, off: 0, imm: 9 });
});

t.test("a log index past any program is an error, not a giant array", async (t) => {
  t.match(errorOf("999999999: (b7) r0 = 0"), { where: { line: 1, col: 1 }, message: /past the 1000000/ });
});
