/**
 * The behaviour switches the verifier reads, one per kernel difference it models. A profile (see
 * lab/model/profiles) resolves a kernel version to a set of feature names; `featuresFromNames`
 * turns those into this record. Defaults are the host kernel's (6.18).
 */
import { type PrintStyle, printStyleOf } from "./print-state.js";

export interface VerifierFeatures {
  /** the register-state print format of the era (print-state.ts) */
  printStyle: PrintStyle;
  /** compute_live_registers (6.15+): "Live regs before insn" at level 2, liveness from it */
  liveRegsAnalysis: boolean;
  /** the disassembler's kernel line for instruction lines */
  disasmKernel: string;
  /** errno of "The sequence of 8193 jumps is too complex." */
  jmpSeqErrno: string;
}

export const HOST_FEATURES: VerifierFeatures = {
  printStyle: printStyleOf(
    new Set(["print_scalar_keyword", "print_compact_reg_state", "print_scratched_only"]),
  ),
  liveRegsAnalysis: true,
  disasmKernel: "6.18",
  jmpSeqErrno: "EFAULT",
};
