/**
 * Loads and stores (check_load_mem / check_store_reg / check_mem_access) for the context pointer.
 * Stack, map and packet memory are not modelled yet.
 */
import type { Insn } from "../../isa/insn.js";
import * as op from "../../isa/opcodes.js";
import { sanityCheck } from "./alu.js";
import { ctxRulesFor } from "./ctx-access.js";
import type { VerifierEnv } from "./env.js";
import { checkRegArg, DST_OP_NO_MARK, SRC_OP, unsupported } from "./reg-arg.js";
import { coerceRegToSize, isPointer, markUnknown, type RegState, RegType } from "./reg-state.js";
import { checkStackAccess } from "./stack-mem.js";

const SIZE_BYTES = [4, 2, 1, 8];
const TYPE_STR: Record<RegType, string> = {
  [RegType.NOT_INIT]: "?",
  [RegType.SCALAR_VALUE]: "scalar",
  [RegType.PTR_TO_CTX]: "ctx",
  [RegType.PTR_TO_STACK]: "fp",
};

function checkMemAccess(
  env: VerifierEnv,
  regno: number,
  off: number,
  size: number,
  write: boolean,
  valueRegno: number,
): void {
  const regs = env.cur.regs;
  const reg = regs[regno]!;
  if (reg.type === RegType.PTR_TO_CTX) {
    if (write && valueRegno >= 0 && isPointer(regs[valueRegno]!))
      env.reject("EACCES", `R${valueRegno} leaks addr into ctx\n`);
    const rules = ctxRulesFor(env.progType, env.features.skbTstampType, env.features.ctxPtrNarrowReject);
    if (!rules) unsupported(env, `the context of ${env.progType} programs`);
    if (!rules.valid(off + reg.off, size, write))
      env.reject("EACCES", `invalid bpf_context access off=${off + reg.off} size=${size}\n`);
    if (!write && rules.unconverted?.(off + reg.off)) env.ctxUnconverted = true;
    if (!write && rules.pointerField?.(off + reg.off))
      unsupported(env, `the ${rules.pointerField(off + reg.off)} pointer in the context`);
    if (!write && valueRegno >= 0) {
      const dst = regs[valueRegno]!;
      markUnknown(dst);
      if (size < 8) coerceRegToSize(dst, size);
    }
    return;
  }
  if (reg.type === RegType.PTR_TO_STACK) {
    checkStackAccess(env, regno, off, size, write, valueRegno);
    return;
  }
  env.reject("EACCES", `R${regno} invalid mem access '${TYPE_STR[reg.type]}'\n`);
}

export function checkLoad(env: VerifierEnv, x: Insn): void {
  if (op.insnMode(x.code) !== op.BPF_MEM) unsupported(env, "sign-extending loads");
  checkRegArg(env, x.src, SRC_OP);
  checkRegArg(env, x.dst, DST_OP_NO_MARK);
  checkMemAccess(env, x.src, x.off, SIZE_BYTES[op.insnSize(x.code) >> 3]!, false, x.dst);
  sanityCheck(env, env.cur.regs[x.dst] as RegState, "ldx");
}

export function checkStore(env: VerifierEnv, x: Insn): void {
  const cls = x.code & 7;
  if (cls === op.BPF_STX) {
    if (op.insnMode(x.code) === op.BPF_ATOMIC) unsupported(env, "atomic instructions");
    if (op.insnMode(x.code) !== op.BPF_MEM || x.imm !== 0)
      env.reject("EINVAL", "BPF_STX uses reserved fields\n");
    checkRegArg(env, x.src, SRC_OP);
    checkRegArg(env, x.dst, SRC_OP);
    checkMemAccess(env, x.dst, x.off, SIZE_BYTES[op.insnSize(x.code) >> 3]!, true, x.src);
    return;
  }
  if (op.insnMode(x.code) !== op.BPF_MEM || x.src !== 0)
    env.reject("EINVAL", "BPF_ST uses reserved fields\n");
  checkRegArg(env, x.dst, SRC_OP);
  if (!env.features.stCtxAllowed && env.cur.regs[x.dst]!.type === RegType.PTR_TO_CTX)
    env.reject("EACCES", `BPF_ST stores into R${x.dst} ctx is not allowed\n`);
  checkMemAccess(env, x.dst, x.off, SIZE_BYTES[op.insnSize(x.code) >> 3]!, true, -1);
}
