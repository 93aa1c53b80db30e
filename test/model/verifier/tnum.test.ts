/**
 * tnum and scalar transfer functions are sound: for random small tnums/ranges (fixed seed), every
 * concrete result of the operation lies in the abstract result.
 */
import t from "tap";
import { insn } from "../../../lab/isa/insn.js";
import * as op from "../../../lab/isa/opcodes.js";
import { adjustScalar } from "../../../lab/model/verifier/alu.js";
import { markKnown, RegState, RegType, regBoundsSync } from "../../../lab/model/verifier/reg-state.js";
import * as tn from "../../../lab/model/verifier/tnum.js";

let seed = 12345;
const rnd = (n: number): number => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed % n;
};

function members(a: tn.Tnum): bigint[] {
  const bits: bigint[] = [];
  for (let i = 0n; i < 64n; i++) if ((a.mask >> i) & 1n) bits.push(i);
  const out: bigint[] = [];
  for (let k = 0; k < 1 << bits.length; k++) {
    let v = a.value;
    bits.forEach((b, j) => {
      if (k & (1 << j)) v |= 1n << b;
    });
    out.push(v);
  }
  return out;
}

function randomTnum(): tn.Tnum {
  const value = BigInt(rnd(1 << 16)) | (rnd(4) === 0 ? 0xffff_ffff_0000_0000n : 0n);
  let mask = 0n;
  for (let i = 0; i < 3; i++) mask |= 1n << BigInt(rnd(20));
  return { value: value & ~mask & tn.U64_MAX, mask };
}

const contains = (a: tn.Tnum, v: bigint): boolean => (v & ~a.mask & tn.U64_MAX) === a.value;

t.test("tnum add/sub/and/or/xor/mul contain every concrete result", async (t) => {
  const ops: Array<[string, (a: tn.Tnum, b: tn.Tnum) => tn.Tnum, (x: bigint, y: bigint) => bigint]> = [
    ["add", tn.tnumAdd, (x, y) => tn.u64(x + y)],
    ["sub", tn.tnumSub, (x, y) => tn.u64(x - y)],
    ["and", tn.tnumAnd, (x, y) => x & y],
    ["or", tn.tnumOr, (x, y) => x | y],
    ["xor", tn.tnumXor, (x, y) => x ^ y],
    ["mul", tn.tnumMul, (x, y) => tn.u64(x * y)],
  ];
  let bad = 0;
  for (let k = 0; k < 200; k++) {
    const a = randomTnum();
    const b = randomTnum();
    for (const [, f, g] of ops) {
      const r = f(a, b);
      for (const x of members(a)) for (const y of members(b)) if (!contains(r, g(x, y))) bad++;
    }
  }
  t.equal(bad, 0);
  t.same(tn.tnumRange(0n, 0xffffn), { value: 0n, mask: 0xffffn });
  t.equal(tn.tnumToString({ value: 0n, mask: 0xffff_ffffn }), "(0x0; 0xffffffff)");
});

t.test("scalar ALU ops: bounds contain the concrete results", async (t) => {
  const codes = [op.BPF_ADD, op.BPF_SUB, op.BPF_MUL, op.BPF_AND, op.BPF_OR, op.BPF_XOR];
  let bad = 0;
  for (let k = 0; k < 300; k++) {
    const lo = BigInt(rnd(1000)) - 500n;
    const hi = lo + BigInt(rnd(20));
    if (lo === -1n && hi === 0n) continue; // maybe_fork_scalars would need a full env
    const c = BigInt(rnd(600)) - 300n;
    for (const alu of [op.BPF_ALU64, op.BPF_ALU]) {
      for (const code of codes) {
        const dst = new RegState();
        dst.type = RegType.SCALAR_VALUE;
        dst.smin = lo;
        dst.smax = hi;
        dst.varOff = tn.TNUM_UNKNOWN;
        regBoundsSync(dst);
        const src = new RegState();
        src.type = RegType.SCALAR_VALUE;
        markKnown(src, c);
        const x = insn(alu | code | op.BPF_K, 1, 0, 0, Number(c));
        adjustScalar({ features: { forkScalars: false } } as never, x, dst, src); // no env: never fork scalars here
        for (let v = lo; v <= hi; v++) {
          const a = tn.u64(v);
          const b = tn.u64(c);
          let r =
            code === op.BPF_ADD
              ? a + b
              : code === op.BPF_SUB
                ? a - b
                : code === op.BPF_MUL
                  ? a * b
                  : code === op.BPF_AND
                    ? a & b
                    : code === op.BPF_OR
                      ? a | b
                      : a ^ b;
          r = alu === op.BPF_ALU ? r & 0xffff_ffffn : tn.u64(r);
          const s = tn.s64(r);
          if (r < dst.umin || r > dst.umax || s < dst.smin || s > dst.smax || !contains(dst.varOff, r)) bad++;
        }
      }
    }
  }
  t.equal(bad, 0);
});
