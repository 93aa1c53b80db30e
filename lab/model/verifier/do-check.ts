/**
 * The main walk (do_check / do_check_insn, 6.18): one instruction at a time along the current
 * path, checkpoints and pruning at prune points, pending branches popped when a path exits, and
 * the per-instruction log lines.
 */

import type { Insn } from "../../isa/insn.js";
import * as op from "../../isa/opcodes.js";
import { checkAluOp, setPushStack } from "./alu.js";
import { BPF_COMPLEXITY_LIMIT_INSNS, type VerifierEnv } from "./env.js";
import { checkCondJmpOp } from "./jmp.js";
import { checkLoad, checkStore } from "./mem.js";
import { markChainPrecision } from "./precision.js";
import { printInsn, printInsnState, printVerifierState } from "./print.js";
import { isStateVisited, pushJmpHistory } from "./prune.js";
import { isStateVisitedLegacy } from "./prune-legacy.js";
import { checkRegArg, DST_OP, SRC_OP, unsupported } from "./reg-arg.js";
import { isPointer, markKnown, type RegState, RegType } from "./reg-state.js";
import { popStack, pushStack, updateBranchCounts } from "./stack.js";
import { StackLiveness } from "./stack-liveness.js";
import { hex0, type Tnum, tnumIn, tnumIsUnknown, tnumRange } from "./tnum.js";

setPushStack(pushStack);

const EXIT = 1;

/** [min, max] a program type must return, or null when any value is allowed. */
const RETVAL: Record<string, [number, number] | null> = {
  cgroup_device: [0, 1],
  socket_filter: null,
};

function checkReturnCode(env: VerifierEnv): void {
  checkRegArg(env, 0, SRC_OP);
  const reg = env.cur.regs[0]!;
  if (isPointer(reg)) env.reject("EACCES", "R0 leaks addr as return value\n");
  const range = RETVAL[env.progType];
  if (!range) return;
  if (reg.type !== RegType.SCALAR_VALUE)
    env.reject("EINVAL", `At program exit the register R0 is not a known value (${reg.type})\n`);
  if (env.features.returnPrecision) markChainPrecision(env, 0);
  if (!env.features.retvalRangeBounds) {
    checkReturnTnum(env, reg, range);
    return;
  }
  if (BigInt(range[0]) <= reg.smin && reg.smax <= BigInt(range[1])) return;
  let text = "At program exit the register R0 has";
  let unknown = true;
  if (reg.smin > -(1n << 63n)) {
    text += ` smin=${reg.smin}`;
    unknown = false;
  }
  if (reg.smax < (1n << 63n) - 1n) {
    text += ` smax=${reg.smax}`;
    unknown = false;
  }
  if (unknown) text += " unknown scalar value";
  env.reject("EINVAL", `${text} should have been in [${range[0]}, ${range[1]}]\n`);
}

/** check_return_code before 6.8: tnum_in(range, var_off), values printed as tnums (tnum_strn). */
function checkReturnTnum(env: VerifierEnv, reg: RegState, range: [number, number]): void {
  const allowed = tnumRange(BigInt(range[0]), BigInt(range[1]));
  if (tnumIn(allowed, reg.varOff)) return;
  const has = tnumIsUnknown(reg.varOff) ? "has unknown scalar value" : `has value ${tnumStrn(reg.varOff)}`;
  env.reject("EINVAL", `At program exit the register R0 ${has} should have been in ${tnumStrn(allowed)}\n`);
}

const tnumStrn = (t: Tnum): string => `(${hex0(t.value)}; ${hex0(t.mask)})`;

/** check_ld_imm for plain 64-bit constants (map and BTF references are not modelled). */
function checkLdImm(env: VerifierEnv, x: Insn): void {
  if (op.insnSize(x.code) !== op.BPF_DW) env.reject("EINVAL", "invalid BPF_LD_IMM insn\n");
  if (x.off !== 0) env.reject("EINVAL", "BPF_LD_IMM64 uses reserved fields\n");
  checkRegArg(env, x.dst, DST_OP);
  if (x.src !== 0) unsupported(env, "ld_imm64 map and BTF references");
  const hi = BigInt(env.insns[env.insnIdx + 1]!.imm >>> 0);
  const dst = env.cur.regs[x.dst]!;
  dst.type = RegType.SCALAR_VALUE;
  markKnown(dst, (hi << 32n) | BigInt(x.imm >>> 0));
}

function doCheckInsn(env: VerifierEnv): number {
  const x = env.insns[env.insnIdx]!;
  const cls = x.code & 7;
  if (cls === op.BPF_ALU || cls === op.BPF_ALU64) {
    checkAluOp(env, x);
  } else if (cls === op.BPF_LDX) {
    checkLoad(env, x);
  } else if (cls === op.BPF_STX || cls === op.BPF_ST) {
    checkStore(env, x);
  } else if (cls === op.BPF_JMP || cls === op.BPF_JMP32) {
    const opcode = op.insnOp(x.code);
    env.jmpsProcessed++;
    if (opcode === op.BPF_CALL) {
      if (
        op.insnSrc(x.code) !== op.BPF_K ||
        (x.src !== op.BPF_PSEUDO_KFUNC_CALL && x.off !== 0) ||
        (x.src !== 0 && x.src !== op.BPF_PSEUDO_CALL && x.src !== op.BPF_PSEUDO_KFUNC_CALL) ||
        x.dst !== 0 ||
        cls === op.BPF_JMP32
      )
        env.reject("EINVAL", "BPF_CALL uses reserved fields\n");
      unsupported(env, "calls");
    } else if (opcode === op.BPF_JA) {
      if (
        op.insnSrc(x.code) !== op.BPF_K ||
        x.src !== 0 ||
        x.dst !== 0 ||
        (cls === op.BPF_JMP && x.imm !== 0) ||
        (cls === op.BPF_JMP32 && x.off !== 0)
      )
        env.reject("EINVAL", "BPF_JA uses reserved fields\n");
      env.insnIdx += (cls === op.BPF_JMP ? x.off : x.imm) + 1;
      return 0;
    } else if (opcode === op.BPF_EXIT) {
      if (
        op.insnSrc(x.code) !== op.BPF_K ||
        x.imm !== 0 ||
        x.src !== 0 ||
        x.dst !== 0 ||
        cls === op.BPF_JMP32
      )
        env.reject("EINVAL", "BPF_EXIT uses reserved fields\n");
      checkReturnCode(env);
      return EXIT;
    } else {
      checkCondJmpOp(env, x);
    }
  } else if (cls === op.BPF_LD) {
    const mode = op.insnMode(x.code);
    if (mode === op.BPF_ABS || mode === op.BPF_IND) unsupported(env, "legacy packet loads (LD_ABS/LD_IND)");
    if (mode !== op.BPF_IMM) env.reject("EINVAL", "invalid BPF_LD mode\n");
    checkLdImm(env, x);
    env.insnIdx++;
  }
  env.insnIdx++;
  return 0;
}

export function doCheck(env: VerifierEnv): void {
  if (env.features.stackLivenessPass) env.stackLive = new StackLiveness(env.insns.length);
  const popLog = !env.level2;
  const state = env.cur;
  const insnCnt = env.insns.length;
  let doPrintState = false;
  let prevInsnIdx = -1;
  for (;;) {
    env.curHistEnt = null;
    env.prevInsnIdx = prevInsnIdx;
    if (env.insnIdx >= insnCnt) env.reject("EFAULT", `invalid insn idx ${env.insnIdx} insn_cnt ${insnCnt}\n`);
    if (++env.insnProcessed > BPF_COMPLEXITY_LIMIT_INSNS)
      env.reject("E2BIG", `BPF program is too large. Processed ${env.insnProcessed} insn\n`);
    state.lastInsnIdx = env.prevInsnIdx;
    state.insnIdx = env.insnIdx;
    let exit = false;
    const visited = env.features.legacyPrecision
      ? isStateVisitedLegacy(env, env.insnIdx)
      : env.aux.prunePoint[env.insnIdx]
        ? isStateVisited(env, env.insnIdx)
        : 0;
    if (visited === 1) {
      if (env.level1) {
        if (doPrintState) env.verbose(`\nfrom ${env.prevInsnIdx} to ${env.insnIdx}: safe\n`);
        else env.verbose(`${env.insnIdx}: safe\n`);
      }
      exit = true;
    }
    if (!exit) {
      if (!env.features.legacyPrecision && env.aux.jmpPoint[env.insnIdx]) pushJmpHistory(env, state, 0);
      if (!env.features.alignedInsnState) {
        // 5.10/5.15: a full state line before every instruction at level 2, and on popped branches
        if (env.level2 || (env.level1 && doPrintState)) {
          env.verbose(env.level2 ? `${env.insnIdx}:` : `\nfrom ${env.prevInsnIdx} to ${env.insnIdx}:`);
          printVerifierState(env, state, true);
          doPrintState = false;
        }
        if (env.level1) env.verbose(`${env.insnIdx}: ${env.formatInsn(env.insnIdx)}\n`);
      } else {
        if (env.level2 && doPrintState) {
          env.verbose(`\nfrom ${env.prevInsnIdx} to ${env.insnIdx}:`);
          printVerifierState(env, state, true);
          doPrintState = false;
        }
        if (env.level1) {
          if (env.scratchedRegs) printInsnState(env, state);
          printInsn(env);
        }
      }
      prevInsnIdx = env.insnIdx;
      env.stackLive?.resetWrites(env.insnIdx);
      exit = doCheckInsn(env) === EXIT;
      env.stackLive?.commitWrites();
    }
    if (!exit) continue;
    env.markStateScratched();
    updateBranchCounts(env, env.cur);
    env.stackLive?.update(env);
    if (!popStack(env, popLog)) break;
    prevInsnIdx = env.prevInsnIdx;
    doPrintState = true;
  }
}
