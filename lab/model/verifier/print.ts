/**
 * The per-instruction log lines of the 6.18 verifier: `N: (op) insn` and the scratched-register
 * state appended after it, aligned to a column (print_insn_state), or on its own line `N: R1=...`.
 */
import type { VerifierEnv } from "./env.js";
import type { VerifierState } from "./state.js";
import { formatState } from "./state-format.js";

const BPF_LOG_ALIGNMENT = 40;
const BPF_LOG_MIN_ALIGNMENT = 8;
/** shorter than the 1023 characters one verbose() call may add */
const STATE_PIECE = 512;

function alignment(pos: number): number {
  const x = Math.max(pos + BPF_LOG_MIN_ALIGNMENT / 2, BPF_LOG_ALIGNMENT);
  return Math.ceil(x / BPF_LOG_MIN_ALIGNMENT) * BPF_LOG_MIN_ALIGNMENT - pos - 1;
}

/** print_verifier_state: all registers, or only the scratched ones (then the marks are cleared). */
export function printVerifierState(env: VerifierEnv, st: VerifierState, all: boolean): void {
  // the kernel prints a state with one verbose() call per register part, so the 1023-character cap of
  // a single call (BPF_VERIFIER_TMP_LOG_SIZE) never cuts a long state line: write it in pieces
  const text = formatState(
    st.regs,
    all ? null : env.scratchedRegs,
    env.features.printStyle,
    st.stack,
    all ? null : env.scratchedSlots,
  );
  for (let at = 0; at < text.length; at += STATE_PIECE) env.verbose(text.slice(at, at + STATE_PIECE));
  if (!all) {
    env.scratchedRegs = 0;
    env.scratchedSlots = 0n;
  }
}

export function printInsnState(env: VerifierEnv, st: VerifierState): void {
  if (env.prevLogPos && env.prevLogPos === env.log.endPos) {
    env.log.reset(env.prevLogPos - 1);
    env.verbose(`${" ".repeat(Math.max(1, alignment(env.prevInsnPrintPos)))};`);
  } else {
    env.verbose(`${env.insnIdx}:`);
  }
  printVerifierState(env, st, false);
}

/** verbose_insn after `N: ` */
export function printInsn(env: VerifierEnv): void {
  env.prevLogPos = env.log.endPos;
  env.verbose(`${env.insnIdx}: ${env.formatInsn(env.insnIdx)}\n`);
  env.prevInsnPrintPos = env.log.endPos - env.prevLogPos;
  env.prevLogPos = env.log.endPos;
}
