/**
 * The printer against lines the host kernel (6.18) printed for the same instructions in a level-2
 * verifier log (the full line-by-line comparison with a live kernel is test/isa/host-log.test.ts),
 * and the older kernel lines' fall-through printing read from their disasm.c.
 */
import t from "tap";
import { disassemble, formatInsn, formatInsnLine } from "../../lab/isa/disasm.js";
import { insn } from "../../lab/isa/insn.js";

const I = insn;
const program = [
  I(0xb7, 0, 0, 0, 0),
  I(0xbf, 1, 10, 0, 0),
  I(0x07, 1, 0, 0, -8),
  I(0x07, 1, 0, 0, 0x7fffffff),
  I(0x18, 3, 0, 0, -1),
  I(0, 0, 0, 0, 5),
  I(0xbc, 3, 4, 0, 0),
  I(0x84, 3, 0, 0, 0),
  I(0xdc, 3, 0, 0, 16),
  I(0xd7, 3, 0, 0, 32),
  I(0x56, 3, 0, 2, 5),
  I(0x16, 3, 0, 1, -5),
  I(0xbf, 4, 2, 8, 0),
  I(0x91, 5, 10, -8, 0),
  I(0x3f, 4, 4, 1, 0),
  I(0x9f, 4, 4, 1, 0),
  I(0x7b, 10, 1, -8, 0),
  I(0x72, 10, 0, -16, -3),
  I(0xdb, 10, 1, -8, 0),
  I(0xdb, 10, 1, -8, 1),
  I(0xc3, 10, 1, -8, 0x51),
  I(0xdb, 10, 1, -8, 0xe1),
  I(0xdb, 10, 0, -8, 0xf1),
  I(0x06, 0, 0, 0, 0),
  I(0x05, 0, 0, 0, 0),
  I(0xe5, 0, 0, 0, 0),
  I(0x85, 0, 0, 0, 5),
  I(0x85, 0, 1, 0, 5),
  I(0x18, 2, 4, 0, 4),
  I(0, 0, 0, 0, 0),
  I(0x95, 0, 0, 0, 0),
];

// as printed by the host kernel 6.18 for these instructions
const HOST = [
  "0: (b7) r0 = 0",
  "1: (bf) r1 = r10",
  "2: (07) r1 += -8",
  "3: (07) r1 += 2147483647",
  "4: (18) r3 = 0x5ffffffff",
  "6: (bc) w3 = w4",
  "7: (84) w3 = -w3",
  "8: (dc) r3 = be16 r3",
  "9: (d7) r3 = bswap32 r3",
  "10: (56) if w3 != 0x5 goto pc+2",
  "11: (16) if w3 == 0xfffffffb goto pc+1",
  "12: (bf) r4 = (s8)r2",
  "13: (91) r5 = *(s8 *)(r10 -8)",
  "14: (3f) r4 s/= r4",
  "15: (9f) r4 s%= r4",
  "16: (7b) *(u64 *)(r10 -8) = r1",
  "17: (72) *(u8 *)(r10 -16) = -3",
  "18: (db) lock *(u64 *)(r10 -8) += r1",
  "19: (db) r1 = atomic64_fetch_add((u64 *)(r10 -8), r1)",
  "20: (c3) r1 = atomic_fetch_and((u32 *)(r10 -8), r1)",
  "21: (db) r1 = atomic64_xchg((u64 *)(r10 -8), r1)",
  "22: (db) r0 = atomic64_cmpxchg((u64 *)(r10 -8), r0, r0)",
  "23: (06) gotol pc+0",
  "24: (05) goto pc+0",
  "25: (e5) may_goto pc+0",
  "26: (85) call bpf_ktime_get_ns#5",
  "27: (85) call pc+5",
  "28: (18) r2 = 0x4",
  "30: (95) exit",
];

t.test("newest printer matches the host kernel's lines", async (t) => {
  t.same(disassemble(program), HOST);
});

t.test("5.10 printer falls through as its disasm.c does", async (t) => {
  const k = { kernel: "5.10.223" };
  t.equal(formatInsn(program, 9, k), "BUG_alu64_d7");
  t.equal(formatInsn(program, 12, k), "(bf) r4 = r2");
  t.equal(formatInsn(program, 13, k), "BUG_ldx_91");
  t.equal(formatInsn(program, 14, k), "(3f) r4 /= r4");
  t.equal(formatInsn(program, 19, k), "(db) lock *(u64 *)(r10 -8) += r1");
  t.equal(formatInsn(program, 22, k), "(db) lock *(u64 *)(r10 -8) += r0");
  t.equal(formatInsn(program, 23, k), "(06) if w0 jmp 0x0 goto pc+0");
  t.equal(formatInsn(program, 25, k), "(e5) if r0 (null) 0x0 goto pc+0");
  t.equal(formatInsn(program, 26, k), "(85) call bpf_ktime_get_ns#5");
  t.equal(formatInsn([I(0x85, 0, 0, 0, 160)], 0, k), "(85) call unknown#160");
  t.equal(formatInsn([I(0x85, 0, 0, 0, 160)], 0, { kernel: "6.1" }), "(85) call bpf_ktime_get_coarse_ns#160");
});

t.test("kfunc calls and pointer hiding", async (t) => {
  t.equal(formatInsn([I(0x85, 0, 2, 0, 1234)], 0), "(85) call kernel-function#1234");
  t.equal(
    formatInsn([I(0x85, 0, 2, 0, 1234)], 0, { kfuncName: () => "bpf_rcu_read_lock" }),
    "(85) call bpf_rcu_read_lock#1234",
  );
  const ld = [I(0x18, 1, 1, 0, 0), I(0, 0, 0, 0, 0)];
  t.equal(formatInsn(ld, 0, { allowPtrLeaks: false }), "(18) r1 = 0x0");
  t.equal(formatInsn(ld, 0, { mapAddress: () => 0xffff88810438b600n }), "(18) r1 = 0xffff88810438b600");
  t.equal(formatInsn(ld, 0, { pseudo: "symbolic" }), "(18) r1 = map[fd:0]");
  t.equal(
    formatInsnLine(ld, 0, {
      pseudo: "symbolic",
      relocations: [{ insnIndex: 0, mapIndex: 0, kind: "fd", offset: 0 }],
      maps: [{ name: "counts", type: "array", keySize: 4, valueSize: 8, maxEntries: 1, flags: 0 }],
    }),
    "0: (18) r1 = map[counts]",
  );
});

t.test("fall-through lines pad the opcode to two digits as %02x does", async (t) => {
  t.equal(formatInsn([I(0x00, 0, 0, 0, 0)], 0), "BUG_ld_00");
  t.equal(formatInsn([I(0x02, 0, 0, 0, 0)], 0), "BUG_st_02");
  t.equal(formatInsn([I(0x0d, 1, 2, 3, 0)], 0), "(0d) if r1 jmp r2 goto pc+3");
  t.equal(formatInsn([I(0xf5, 1, 0, 3, 0)], 0), "(f5) if r1 (null) 0x0 goto pc+3");
});
