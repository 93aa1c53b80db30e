/**
 * Seeded random BPF_PROG_TYPE_CGROUP_DEVICE programs for the differential test: scalars loaded
 * from the ctx (access_type/major/minor, u32 each) and from constants, then a straight-line body
 * of ALU/ALU64 operations and JMP/JMP32 conditional jumps (always forward, so control flow is
 * always valid and every instruction reachable), ending in two exit blocks that set r0.
 * Constants are chosen to sit on boundaries (0, 1, 0x7fffffff, 0x80000000, 0xffffffff, -1,
 * powers of two, ...). A few programs are meant to be rejected: r0 left unset or set from an
 * unbounded register, a read of an uninitialized register, a shift or a division the verifier
 * refuses. Tuned (see test/model/differential) so that most programs are accepted and many of
 * those have three or more states.
 */
import { type Insn, insn } from "../../isa/insn.js";
import * as op from "../../isa/opcodes.js";
import type { Program } from "../../program.js";
import { createRng, type Rng } from "./rng.js";
import { stackInsn, stackPrologue } from "./stack.js";

export interface RandomProgramOptions {
  /** body length range (instructions between the prologue and the exits) [8, 48] */
  minBody?: number;
  maxBody?: number;
  /** probability that a body instruction is a conditional jump [0.3] */
  jumpRate?: number;
  /** also initialize registers with 64-bit constants (ld_imm64) [false] */
  ldImm64?: boolean;
  /** mix stack stores and loads (spills, fills, ST of immediates, partial writes) into the body [false] */
  stack?: boolean;
}

/** Boundary constants as s32 immediates. */
export const BOUNDARY_IMMS: readonly number[] = [
  0, 1, 2, 3, 7, 8, 15, 16, 195, 255, 256, 0x7fff, 0x8000, 0xffff, 0x10000, 0x7fff_ffff, -0x8000_0000, -1, -2,
  0x4000_0000, 0x1000_0000, -0x8000, -0x10000,
];
/** 64-bit constants for ld_imm64 */
export const BOUNDARY_IMM64: readonly bigint[] = [
  0x8000_0000_0000_0000n,
  0x7fff_ffff_ffff_ffffn,
  0xffff_ffffn,
  0x1_0000_0000n,
  0xffff_ffff_0000_0000n,
  0x8000_0000n,
  0xffff_ffff_ffff_fffen,
];

const SCALARS = [2, 3, 4, 5, 6, 7, 8, 9] as const;
const ALU_OPS = [
  op.BPF_ADD,
  op.BPF_SUB,
  op.BPF_MUL,
  op.BPF_DIV,
  op.BPF_MOD,
  op.BPF_OR,
  op.BPF_AND,
  op.BPF_LSH,
  op.BPF_RSH,
  op.BPF_ARSH,
  op.BPF_XOR,
  op.BPF_MOV,
  op.BPF_NEG,
];
const JMP_OPS = [
  op.BPF_JEQ,
  op.BPF_JNE,
  op.BPF_JGT,
  op.BPF_JGE,
  op.BPF_JLT,
  op.BPF_JLE,
  op.BPF_JSGT,
  op.BPF_JSGE,
  op.BPF_JSLT,
  op.BPF_JSLE,
  op.BPF_JSET,
];

/** A body item before jump offsets are known: an instruction, or a jump to a later label. */
type Item = { insns: Insn[] } | { jump: Insn; target: number | "exitA" | "exitB" };

function imm(rng: Rng): number {
  if (rng.chance(0.15)) return 1 << rng.int(31);
  if (rng.chance(0.1)) return (rng.int(0x1_0000_0000) | 0) >> rng.int(32);
  return rng.pick(BOUNDARY_IMMS);
}

function prologue(rng: Rng, withLdImm64: boolean): Insn[] {
  const ldxW = op.BPF_LDX | op.BPF_W | op.BPF_MEM;
  const out = [insn(ldxW, 2, 1, 0, 0), insn(ldxW, 3, 1, 4, 0), insn(ldxW, 4, 1, 8, 0)];
  if (rng.chance(0.5)) out.push(insn(op.BPF_ALU | op.BPF_AND | op.BPF_K, 2, 0, 0, 0xffff));
  if (rng.chance(0.3)) out.push(insn(op.BPF_ALU | op.BPF_RSH | op.BPF_K, 3, 0, 0, 16));
  for (const reg of [5, 6, 7, 8, 9]) {
    if (rng.chance(0.015)) continue; // left uninitialized: a read of it is EACCES
    const roll = rng.next();
    if (roll < 0.35) out.push(insn(ldxW, reg, 1, rng.pick([0, 4, 8]), 0));
    else if (roll < 0.5) out.push(insn(op.BPF_ALU64 | op.BPF_MOV | op.BPF_X, reg, rng.pick([2, 3, 4]), 0, 0));
    else if (roll < 0.62 && withLdImm64) out.push(...ldImm64(reg, rng.pick(BOUNDARY_IMM64)));
    else out.push(insn(rng.pick([op.BPF_ALU64, op.BPF_ALU]) | op.BPF_MOV | op.BPF_K, reg, 0, 0, imm(rng)));
  }
  return out;
}

function ldImm64(reg: number, value: bigint): Insn[] {
  const lo = Number(BigInt.asIntN(32, value));
  const hi = Number(BigInt.asIntN(32, value >> 32n));
  return [insn(op.BPF_LD | op.BPF_DW | op.BPF_IMM, reg, 0, 0, lo), insn(0, 0, 0, 0, hi)];
}

function aluInsn(rng: Rng): Insn {
  const cls = rng.chance(0.55) ? op.BPF_ALU64 : op.BPF_ALU;
  const width = cls === op.BPF_ALU64 ? 64 : 32;
  const code = rng.pick(ALU_OPS);
  const dst = rng.pick(SCALARS);
  if (code === op.BPF_NEG) return insn(cls | code | op.BPF_K, dst, 0, 0, 0);
  if (rng.chance(0.35)) {
    const src = rng.chance(0.01) ? 0 : rng.pick(SCALARS); // r0 is unset in the body: !read_ok
    return insn(cls | code | op.BPF_X, dst, src, 0, 0);
  }
  let k = imm(rng);
  if (code === op.BPF_LSH || code === op.BPF_RSH || code === op.BPF_ARSH) {
    k = rng.chance(0.01) ? width : rng.int(width); // a shift by the width is "invalid shift"
  } else if ((code === op.BPF_DIV || code === op.BPF_MOD) && k === 0 && !rng.chance(0.1)) {
    k = 3; // mostly avoid "div by zero"
  }
  return insn(cls | code | op.BPF_K, dst, 0, 0, k);
}

function jumpInsn(rng: Rng): Insn {
  const cls = rng.chance(0.6) ? op.BPF_JMP : op.BPF_JMP32;
  const code = rng.pick(JMP_OPS);
  const dst = rng.pick(SCALARS);
  if (rng.chance(0.3)) return insn(cls | code | op.BPF_X, dst, rng.pick(SCALARS), 0, 0);
  return insn(cls | code | op.BPF_K, dst, 0, 0, imm(rng));
}

function exitBlock(rng: Rng): Insn[] {
  const exit = insn(op.BPF_JMP | op.BPF_EXIT, 0, 0, 0, 0);
  const roll = rng.next();
  const src = rng.pick(SCALARS);
  if (roll < 0.7) return [insn(op.BPF_ALU64 | op.BPF_MOV | op.BPF_K, 0, 0, 0, rng.int(2)), exit];
  if (roll < 0.85)
    return [
      insn(op.BPF_ALU64 | op.BPF_MOV | op.BPF_X, 0, src, 0, 0),
      insn(op.BPF_ALU64 | op.BPF_AND | op.BPF_K, 0, 0, 0, 1),
      exit,
    ];
  if (roll < 0.97) return [insn(op.BPF_ALU64 | op.BPF_MOV | op.BPF_X, 0, src, 0, 0), exit]; // in [0, 1] only on some paths
  return [exit]; // r0 never set: "R0 !read_ok"
}

/** The program for `seed`. */
export function randomProgram(seed: number, options: RandomProgramOptions = {}): Program {
  const rng = createRng(seed);
  const minBody = options.minBody ?? 8;
  const maxBody = options.maxBody ?? 48;
  const jumpRate = options.jumpRate ?? 0.3;
  const head = prologue(rng, options.ldImm64 ?? false);
  const written = options.stack ? new Set<number>() : null;
  if (written) head.push(...stackPrologue(rng, written));
  const length = minBody + rng.int(maxBody - minBody + 1);
  const items: Item[] = [];
  for (let i = 0; i < length; i++) {
    if (written && rng.chance(0.3)) items.push({ insns: [stackInsn(rng, written)] });
    else if (rng.chance(jumpRate)) {
      const later = i + 1 + rng.int(length - i);
      const target = later >= length || rng.chance(0.15) ? rng.pick(["exitA", "exitB"] as const) : later;
      items.push({ jump: jumpInsn(rng), target });
    } else items.push({ insns: [aluInsn(rng)] });
  }
  // exitB must be reachable: the last body instruction jumps there
  items.push({ jump: jumpInsn(rng), target: "exitB" });
  return {
    name: `random-${seed}`,
    insns: layOut(head, items, exitBlock(rng), exitBlock(rng)),
    progType: "cgroup_device",
    expectedAttachType: null,
    license: "GPL",
    maps: [],
    relocations: [],
    source: { origin: `generator:random:${seed}`, format: "generator" },
  };
}

/** Resolve labels into offsets: body item i starts at starts[i]; exitA follows the body, exitB follows exitA. */
function layOut(head: Insn[], items: Item[], exitA: Insn[], exitB: Insn[]): Insn[] {
  const starts: number[] = [];
  let pc = head.length;
  for (const item of items) {
    starts.push(pc);
    pc += "insns" in item ? item.insns.length : 1;
  }
  const exitAStart = pc;
  const exitBStart = pc + exitA.length;
  const out = [...head];
  items.forEach((item, i) => {
    if ("insns" in item) {
      out.push(...item.insns);
      return;
    }
    const at = starts[i]!;
    const to =
      item.target === "exitA" ? exitAStart : item.target === "exitB" ? exitBStart : starts[item.target]!;
    out.push({ ...item.jump, off: to - at - 1 });
  });
  return [...out, ...exitA, ...exitB];
}
