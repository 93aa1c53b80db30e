/**
 * Register/stack printing per era. The compact layout (6.6+) is checked against real log lines of
 * the host kernel (6.18): programs are loaded at level 2 and the state text after each
 * instruction's `;` is compared with the printer's output for the state that instruction leaves
 * (built here by hand from the instruction's semantics). The 5.10/5.15 and 6.1 layouts are
 * checked against lines reconstructed from those versions' print_verifier_state.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import t from "tap";
import { insn } from "../../lab/isa/insn.js";
import { resolveProfile } from "../../lab/model/profiles/resolve.js";
import {
  formatFuncState,
  formatReg,
  type PrintReg,
  type PrintSlot,
  printStyleOf,
  REG_LIVE_READ,
  REG_LIVE_READ64,
  REG_LIVE_WRITTEN,
} from "../../lab/model/verifier/print-state.js";
import { slurmDeviceProgram } from "../../lab/programs/generators/slurm-device.js";
import { hostLoad, hostVlogSkip } from "../fixtures/model/host-vlog.js";
import type { VlogFixture } from "../fixtures/model/vlog-fixture.js";

const S64_MIN = -(1n << 63n);
const S64_MAX = (1n << 63n) - 1n;
const U64_MAX = (1n << 64n) - 1n;

function unknown(over: Partial<PrintReg> = {}): PrintReg {
  return {
    kind: "scalar",
    off: 0,
    varOff: { value: 0n, mask: U64_MAX },
    smin: S64_MIN,
    smax: S64_MAX,
    umin: 0n,
    umax: U64_MAX,
    s32min: -0x8000_0000,
    s32max: 0x7fff_ffff,
    u32min: 0,
    u32max: 0xffff_ffff,
    id: 0,
    frameno: 0,
    precise: false,
    ...over,
  };
}

function known(value: bigint, over: Partial<PrintReg> = {}): PrintReg {
  const v = BigInt.asUintN(64, value);
  const lo = Number(v & 0xffff_ffffn);
  return unknown({
    varOff: { value: v, mask: 0n },
    smin: BigInt.asIntN(64, v),
    smax: BigInt.asIntN(64, v),
    umin: v,
    umax: v,
    s32min: lo | 0,
    s32max: lo | 0,
    u32min: lo,
    u32max: lo,
    ...over,
  });
}

/** a u32 loaded from ctx: [0, 0xffffffff] */
const u32Load = (over: Partial<PrintReg> = {}): PrintReg =>
  unknown({
    smin: 0n,
    smax: 0xffff_ffffn,
    umax: 0xffff_ffffn,
    varOff: { value: 0n, mask: 0xffff_ffffn },
    ...over,
  });
const ctx = (): PrintReg => known(0n, { kind: "ctx" });
const fp = (off = 0): PrintReg => known(0n, { kind: "fp", off });
const fpAt = (off: number): PrintReg => known(BigInt(off), { kind: "fp" });
const spill = (types: string, reg: PrintReg): PrintSlot => ({ types, spilled: reg });

const host = printStyleOf(resolveProfile("host").features);
const v61 = printStyleOf(resolveProfile("6.1.192").features);
const legacy = printStyleOf(resolveProfile("5.10.223").features);

/** the text after `; ` of instruction `idx`'s level-2 line */
function stateAfter(log: string, idx: number): string {
  const line = log.split("\n").find((l) => l.startsWith(`${idx}: (`));
  if (!line) throw new Error(`no line for insn ${idx}`);
  const at = line.indexOf(";");
  return at < 0 ? "" : `${line.slice(at + 1)}\n`;
}

const skip = hostVlogSkip();

t.test("compact layout equals the host kernel's lines", { skip }, async (t) => {
  const prog = [
    insn(0x7b, 10, 1, -8, 0), // *(u64 *)(r10 -8) = r1
    insn(0xb7, 2, 0, 0, 0), // r2 = 0
    insn(0x63, 10, 2, -16, 0), // *(u32 *)(r10 -16) = r2
    insn(0x7a, 10, 0, -24, 5), // *(u64 *)(r10 -24) = 5
    insn(0xb7, 3, 0, 0, -1), // r3 = -1
    insn(0xb4, 4, 0, 0, -2147483648), // w4 = 0x80000000
    insn(0x61, 5, 1, 0, 0), // r5 = *(u32 *)(r1 +0)
    insn(0x7b, 10, 5, -32, 0), // *(u64 *)(r10 -32) = r5
    insn(0xbf, 6, 5, 0, 0), // r6 = r5
    insn(0x07, 6, 0, 0, -100), // r6 += -100
    insn(0x67, 5, 0, 0, 40), // r5 <<= 40
    insn(0xc7, 5, 0, 0, 40), // r5 s>>= 40
    insn(0xbf, 7, 10, 0, 0), // r7 = r10
    insn(0x07, 7, 0, 0, -8), // r7 += -8
    insn(0x18, 8, 0, 0, 0x12345678),
    insn(0, 0, 0, 0, 9), // r8 = 0x912345678
    insn(0xb7, 0, 0, 0, 0),
    insn(0x95, 0, 0, 0, 0),
  ];
  const real = hostLoad(prog, "cgroup_device", 2, 1 << 20);
  t.equal(real.errno, null);
  const r5 = u32Load({ id: 1 });
  const cases: Array<[number, Parameters<typeof formatFuncState>[0]]> = [
    [0, { regs: [null, ctx(), ...Array(8).fill(null), fp()], stack: [spill("rrrrrrrr", ctx())] }],
    [1, { regs: [null, null, known(0n)] }],
    [
      2,
      {
        regs: [null, null, known(0n), ...Array(7).fill(null), fp()],
        stack: [undefined, spill("????rrrr", known(0n))],
      },
    ],
    [
      3,
      { regs: [...Array(10).fill(null), fp()], stack: [undefined, undefined, spill("rrrrrrrr", known(5n))] },
    ],
    [4, { regs: [null, null, null, known(-1n)] }],
    [5, { regs: [null, null, null, null, known(0x8000_0000n)] }],
    [6, { regs: [null, ctx(), null, null, null, u32Load()] }],
    [
      7,
      {
        regs: [...Array(5).fill(null), r5, ...Array(4).fill(null), fp()],
        stack: [undefined, undefined, undefined, spill("rrrrrrrr", r5)],
      },
    ],
    [8, { regs: [...Array(5).fill(null), r5, r5] }],
    [
      9,
      {
        regs: [
          ...Array(6).fill(null),
          unknown({ id: 1 | (1 << 31), off: -100, smin: -100n, smax: 0xffff_ff9bn }),
        ],
      },
    ],
    [
      10,
      {
        regs: [
          ...Array(5).fill(null),
          unknown({
            smax: 0x7fff_ff00_0000_0000n,
            umax: 0xffff_ff00_0000_0000n,
            s32min: 0,
            s32max: 0,
            u32max: 0,
            varOff: { value: 0n, mask: 0xffff_ff00_0000_0000n },
          }),
        ],
      },
    ],
    [
      11,
      {
        regs: [
          ...Array(5).fill(null),
          unknown({ smin: -0x80_0000n, smax: 0x7f_ffffn, s32min: -0x80_0000, s32max: 0x7f_ffff }),
        ],
      },
    ],
    [12, { regs: [...Array(7).fill(null), fp(), null, null, fp()] }],
    [13, { regs: [...Array(7).fill(null), fpAt(-8)] }],
    [14, { regs: [...Array(8).fill(null), known(0x9_1234_5678n)] }],
  ];
  for (const [idx, state] of cases)
    t.equal(formatFuncState(state, host), stateAfter(real.log, idx), `insn ${idx}`);
});

t.test(
  "precise marks and merged bounds as the host prints them in the Slurm program",
  { skip },
  async (t) => {
    const real = hostLoad(slurmDeviceProgram({ devices: 3 }).insns, "cgroup_device", 2, 1 << 20);
    const lines = real.log.split("\n");
    const r2 = `R2=${formatReg(known(2n, { precise: true }), host)}`;
    const r4 = `R4=${formatReg(u32Load({ precise: true }), host)}`;
    const r5 = `R5=${formatReg(u32Load({ smin: 1n, umin: 1n, u32min: 1 }), host)}`;
    const r3 = `R3=${formatReg(unknown({ smin: 0n, smax: 0xffffn, umax: 0xffffn, s32min: 0, s32max: 0xffff, u32max: 0xffff, varOff: { value: 0n, mask: 0xffffn } }), host)}`;
    for (const piece of [r2, r4, r5, r3])
      t.ok(
        lines.some((l) => l.includes(` ${piece} `) || l.endsWith(` ${piece}`)),
        piece,
      );
    const entry = lines.find((l) => l.startsWith("from 8 to 11: "));
    t.equal(
      `from 8 to 11:${formatFuncState({ regs: [null, ctx(), known(2n), unknown({ smin: 0n, smax: 0xffffn, umax: 0xffffn, s32min: 0, s32max: 0xffff, u32max: 0xffff, varOff: { value: 0n, mask: 0xffffn } }), known(195n), u32Load({ smin: 1n, umin: 1n, u32min: 1 }), null, null, null, null, fp()] }, host)}`,
      `${entry}\n`,
    );
  },
);

t.test("6.1 layout (reconstructed from 6.1.192 print_verifier_state)", async (t) => {
  t.equal(formatReg(ctx(), v61), "ctx(off=0,imm=0)");
  t.equal(formatReg(known(2n), v61), "2");
  t.equal(formatReg(known(2n, { precise: true }), v61), "P2");
  t.equal(formatReg(known(-1n), v61), "-1");
  t.equal(formatReg(fp(), v61), "fp0");
  t.equal(formatReg(unknown(), v61), "scalar()");
  t.equal(
    formatReg(
      unknown({
        umax: 0xffffn,
        smin: 0n,
        smax: 0xffffn,
        s32min: 0,
        s32max: 0xffff,
        u32max: 0xffff,
        varOff: { value: 0n, mask: 0xffffn },
      }),
      v61,
    ),
    "scalar(umax=65535,var_off=(0x0; 0xffff))",
  );
  t.equal(
    formatReg(u32Load({ id: 3, precise: true }), v61),
    "Pscalar(id=3,umax=4294967295,var_off=(0x0; 0xffffffff))",
  );
  t.equal(formatReg(unknown({ u32max: 0x8000_0000 }), v61), "scalar(u32_max=-2147483648)");
  t.equal(
    formatFuncState(
      {
        regs: [
          null,
          { ...ctx(), live: REG_LIVE_READ64 },
          { ...known(0n), live: REG_LIVE_WRITTEN },
          ...Array(7).fill(null),
          fp(),
        ],
        stack: [
          { types: "????rrrr", spilled: { ...u32Load(), live: REG_LIVE_WRITTEN } },
          { types: "mmmmmmmm" },
        ],
      },
      v61,
    ),
    " R1_r=ctx(off=0,imm=0) R2_w=0 R10=fp0 fp-8_w= fp-16=mmmmmmmm\n",
  );
  t.equal(formatFuncState({ regs: [known(1n), ctx()], scratchedRegs: 1 }, v61), " R0=1\n", "scratched only");
});

t.test("5.10/5.15 layout (reconstructed from 5.10.262 and 5.15 print_verifier_state)", async (t) => {
  t.equal(formatReg(ctx(), legacy), "ctx(id=0,off=0,imm=0)");
  t.equal(formatReg(known(2n), legacy), "inv2");
  t.equal(formatReg(known(2n, { precise: true }), legacy), "invP2");
  t.equal(formatReg(unknown(), legacy), "inv(id=0)");
  t.equal(formatReg(fpAt(-8), legacy), "fp-8");
  t.equal(
    formatReg(
      unknown({
        umax: 0xffffn,
        smin: 0n,
        smax: 0xffffn,
        s32min: 0,
        s32max: 0xffff,
        u32max: 0xffff,
        varOff: { value: 0n, mask: 0xffffn },
      }),
      legacy,
    ),
    "inv(id=0,umax_value=65535,var_off=(0x0; 0xffff))",
  );
  t.equal(
    formatReg(u32Load({ precise: true }), legacy),
    "invP(id=0,umax_value=4294967295,var_off=(0x0; 0xffffffff))",
  );
  t.equal(
    formatReg(
      unknown({ smin: -0x80_0000n, smax: 0x7f_ffffn, s32min: -0x80_0000, s32max: 0x7f_ffff }),
      legacy,
    ),
    "inv(id=0,smin_value=-8388608,smax_value=8388607)",
  );
  t.equal(
    formatFuncState(
      {
        regs: [
          null,
          { ...ctx(), live: REG_LIVE_READ64 },
          { ...known(2n), live: REG_LIVE_WRITTEN },
          ...Array(7).fill(null),
          fp(),
        ],
        stack: [spill("rrrrrrrr", { ...unknown(), live: REG_LIVE_WRITTEN }), { types: "00000000" }],
      },
      legacy,
    ),
    " R1_r=ctx(id=0,off=0,imm=0) R2_w=inv2 R10=fp0 fp-8_w=inv fp-16=00000000\n",
  );
  t.equal(formatFuncState({ regs: [known(1n)], frameno: 1 }, legacy), " frame1: R0=inv1\n");
});

const fixtureDir = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "model");
const fixtureLog = (kernel: string): string[] =>
  (JSON.parse(readFileSync(join(fixtureDir, `vlog-${kernel}.json`), "utf8")) as VlogFixture).full.split("\n");
const w = <T extends PrintReg>(reg: T): T => ({ ...reg, live: REG_LIVE_WRITTEN });
const r = <T extends PrintReg>(reg: T): T => ({ ...reg, live: REG_LIVE_READ64 });
const rw = <T extends PrintReg>(reg: T): T => ({ ...reg, live: REG_LIVE_READ | REG_LIVE_WRITTEN });
const u16 = (): PrintReg =>
  unknown({
    smin: 0n,
    smax: 0xffffn,
    umax: 0xffffn,
    s32min: 0,
    s32max: 0xffff,
    u32max: 0xffff,
    varOff: { value: 0n, mask: 0xffffn },
  });

t.test("5.10 and 6.1 layouts equal lines of real Debian kernels (QEMU capture, Slurm program)", async (t) => {
  const l510 = fixtureLog("5.10");
  const l61 = fixtureLog("6.1");
  const has = (lines: string[], text: string) => t.ok(lines.includes(text), text);
  has(
    l510,
    `1:${formatFuncState({ regs: [null, ctx(), w(u32Load()), ...Array(7).fill(null), fp()] }, legacy)}`.slice(
      0,
      -1,
    ),
  );
  has(
    l510,
    `10:${formatFuncState({ regs: [w(known(1n)), ctx(), known(2n), u16(), known(195n), known(0n), null, null, null, null, fp()] }, legacy)}`.slice(
      0,
      -1,
    ),
  );
  has(
    l510,
    formatFuncState(
      {
        regs: [
          null,
          ctx(),
          rw(known(2n, { precise: true })),
          w(u16()),
          w(known(195n)),
          rw(u32Load()),
          null,
          null,
          null,
          null,
          fp(),
        ],
      },
      legacy,
    ).slice(0, -1),
  );
  has(
    l61,
    `0: (61) r2 = *(u32 *)(r1 +0)          ;${formatFuncState({ regs: [null, ctx(), w(u32Load())], scratchedRegs: 0b110 }, v61)}`.slice(
      0,
      -1,
    ),
  );
  has(
    l61,
    `from 8 to 11:${formatFuncState({ regs: [null, ctx(), known(2n), u16(), known(195n), u32Load(), null, null, null, null, fp()] }, v61)}`.slice(
      0,
      -1,
    ),
  );
  has(
    l61,
    `parent didn't have regs=10 stack=0 marks:${formatFuncState({ regs: [null, ctx(), r(known(2n, { precise: true })), u16(), r(u32Load({ precise: true })), r(u32Load()), null, null, null, null, fp()] }, v61)}`.slice(
      0,
      -1,
    ),
  );
});

t.test(
  "the 6.12 layout (compact with liveness marks) equals a real Debian 6.12 line (QEMU capture)",
  async (t) => {
    const l612 = fixtureLog("6.12");
    const style = printStyleOf(resolveProfile("6.12.117").features);
    const state = formatFuncState(
      {
        regs: [
          null,
          ctx(),
          rw(known(2n, { precise: true })),
          w(u16()),
          w(known(195n)),
          rw(u32Load()),
          null,
          null,
          null,
          null,
          fp(),
        ],
      },
      style,
    );
    const line = `mark_precise: frame0: parent state regs=r2 stack=: ${state}`.slice(0, -1);
    t.ok(l612.includes(line), line);
    t.ok(
      l612.includes(
        `0: (61) r2 = *(u32 *)(r1 +0)          ;${formatFuncState({ regs: [null, ctx(), w(u32Load())] }, style)}`.slice(
          0,
          -1,
        ),
      ),
    );
  },
);
