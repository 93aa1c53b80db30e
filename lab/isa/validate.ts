/**
 * Is this instruction a valid form of the ISA? The check the kernel makes on reserved fields: a
 * form's pinned fields hold their values, its operand registers are r0..r10, and every other field
 * is zero. Returns the form, or a reason in plain words.
 */
import type { Insn } from "./insn.js";
import { LD_IMM64, MAX_BPF_REG } from "./opcodes.js";
import { type FieldUse, formsOfCode, type InsnForm } from "./table.js";

export type FormMatch = { ok: true; form: InsnForm } | { ok: false; reason: string };

const FIELDS = ["src", "off", "imm"] as const;

function fieldValue(insn: Insn, next: Insn | undefined, field: FieldUse): number {
  if (field === "imm2") return next?.imm ?? 0;
  return insn[field];
}

function mismatch(form: InsnForm, insn: Insn, next: Insn | undefined): string | null {
  for (const field of [...FIELDS, "imm2"] as const) {
    const value = fieldValue(insn, next, field);
    const pinned = form.fixed[field];
    if (pinned !== undefined) {
      if (value !== pinned) return `${field} must be ${pinned}, got ${value}`;
    } else if (!form.operands.includes(field) && value !== 0) {
      return `${field} is reserved (must be 0), got ${value}`;
    }
  }
  if (!form.operands.includes("dst") && insn.dst !== 0)
    return `dst is reserved (must be 0), got r${insn.dst}`;
  if (insn.dst >= MAX_BPF_REG) return `dst r${insn.dst} is no register (r0..r10)`;
  if (form.operands.includes("src") && insn.src >= MAX_BPF_REG)
    return `src r${insn.src} is no register (r0..r10)`;
  return null;
}

/** Match one instruction (and, for ld_imm64, its second slot) against the table. */
export function matchForm(insn: Insn, next?: Insn): FormMatch {
  const candidates = formsOfCode(insn.code);
  if (candidates.length === 0) return { ok: false, reason: `unknown opcode 0x${hex2(insn.code)}` };
  if (insn.code === LD_IMM64) {
    if (!next) return { ok: false, reason: "ld_imm64 needs a second slot" };
    if (next.code !== 0 || next.dst !== 0 || next.src !== 0 || next.off !== 0) {
      return { ok: false, reason: "the second slot of ld_imm64 must have code, regs and off 0" };
    }
  }
  let first: string | null = null;
  for (const form of candidates) {
    const why = mismatch(form, insn, next);
    if (why === null) return { ok: true, form };
    first ??= `${form.name}: ${why}`;
  }
  return {
    ok: false,
    reason: candidates.length === 1 ? first! : `no form of 0x${hex2(insn.code)} fits (${first})`,
  };
}

export function hex2(n: number): string {
  return n.toString(16).padStart(2, "0");
}

/** Check a whole program: the index and reason of the first invalid instruction, or null. */
export function findInvalidInsn(insns: readonly Insn[]): { index: number; reason: string } | null {
  for (let i = 0; i < insns.length; i++) {
    const m = matchForm(insns[i]!, insns[i + 1]);
    if (!m.ok) return { index: i, reason: m.reason };
    if (m.form.wide) i++;
  }
  return null;
}
