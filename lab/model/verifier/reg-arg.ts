/** check_reg_arg: a register read must be initialized; a write marks it scratched (and unknown). */
import { LabError } from "../../errors.js";
import type { VerifierEnv } from "./env.js";
import { isReg64, markRegRead, REG_LIVE_READ32, REG_LIVE_READ64, REG_LIVE_WRITTEN } from "./liveness.js";
import { DEF_NOT_SUBREG, markUnknown, RegType } from "./reg-state.js";
import { BPF_REG_FP, MAX_BPF_REG } from "./state.js";

export const SRC_OP = 0;
export const DST_OP = 1;
export const DST_OP_NO_MARK = 2;

export function checkRegArg(env: VerifierEnv, regno: number, t: number): void {
  if (regno >= MAX_BPF_REG) env.reject("EINVAL", `R${regno} is invalid\n`);
  env.markRegScratched(regno);
  const reg = env.cur.regs[regno]!;
  const x = env.insns[env.insnIdx]!;
  const rw64 = isReg64(x, regno, reg, t === SRC_OP);
  if (t === SRC_OP) {
    if (reg.type === RegType.NOT_INIT) env.reject("EACCES", `R${regno} !read_ok\n`);
    if (regno === BPF_REG_FP || !env.features.readMarks) return;
    markRegRead(env, reg, reg.parent, rw64 ? REG_LIVE_READ64 : REG_LIVE_READ32);
    return;
  }
  if (regno === BPF_REG_FP) env.reject("EACCES", "frame pointer is read only\n");
  if (env.features.readMarks) reg.live |= REG_LIVE_WRITTEN;
  reg.subregDef = rw64 ? DEF_NOT_SUBREG : env.insnIdx + 1;
  if (t === DST_OP) markUnknown(reg);
}

/** Something the model does not cover yet: a lab error, never a made-up verdict. */
export function unsupported(env: VerifierEnv, what: string): never {
  throw new LabError("MODEL_UNSUPPORTED", `the verifier model does not cover ${what} (insn ${env.insnIdx})`, {
    where: { offset: env.insnIdx, value: what },
  });
}
