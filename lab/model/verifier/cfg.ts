/**
 * The passes before the walk: check_subprogs (jump ranges, the last instruction), check_cfg (a
 * depth-first search: back-edges, unreachable instructions, jumps into ld_imm64; it also marks
 * the prune points, jump points and forced checkpoints) and compute_live_registers (6.15+, the
 * register liveness that state pruning reads, printed at level 2).
 */
import type { Insn } from "../../isa/insn.js";
import * as op from "../../isa/opcodes.js";
import type { InsnAux, VerifierEnv } from "./env.js";

const DISCOVERED = 0x10;
const EXPLORED = 0x20;
const FALLTHROUGH = 1;
const BRANCH = 2;

const isJmpClass = (code: number): boolean => (code & 7) === op.BPF_JMP || (code & 7) === op.BPF_JMP32;
const isLdImm64 = (x: Insn): boolean => x.code === op.LD_IMM64;
const jmpOffset = (x: Insn): number => (x.code === (op.BPF_JMP32 | op.BPF_JA) ? x.imm : x.off);

export function newInsnAux(count: number): InsnAux {
  return {
    prunePoint: new Uint8Array(count),
    jmpPoint: new Uint8Array(count),
    forceCheckpoint: new Uint8Array(count),
    liveRegsBefore: new Uint16Array(count),
  };
}

/** resolve_pseudo_ldimm64's checks of instruction fields (before the cfg pass). */
export function checkLdimm64Fields(env: VerifierEnv): void {
  const insns = env.insns;
  for (let i = 0; i < insns.length; i++) {
    const x = insns[i]!;
    if (
      (x.code & 7) === op.BPF_LDX &&
      ((op.insnMode(x.code) !== op.BPF_MEM && op.insnMode(x.code) !== op.BPF_MEMSX) || x.imm !== 0)
    )
      env.reject("EINVAL", "BPF_LDX uses reserved fields\n");
    // before 5.12 this pass also checked BPF_STX (MEM or XADD, imm 0); later the walk does
    if (
      !env.features.stxReservedInDoCheck &&
      (x.code & 7) === op.BPF_STX &&
      ((op.insnMode(x.code) !== op.BPF_MEM && op.insnMode(x.code) !== op.BPF_ATOMIC) || x.imm !== 0)
    )
      env.reject("EINVAL", "BPF_STX uses reserved fields\n");
    if (x.code !== op.LD_IMM64) continue;
    const next = insns[i + 1];
    if (!next || next.code !== 0 || next.dst !== 0 || next.src !== 0 || next.off !== 0)
      env.reject("EINVAL", "invalid bpf_ld_imm64 insn\n");
    i++;
  }
}

/** add_subprog_and_kfunc's listing and check_subprogs (one subprogram: calls to subprogs are not modelled). */
export function checkSubprogs(env: VerifierEnv): void {
  const insns = env.insns;
  if (env.level2) env.verbose("func#0 @0\n");
  for (let i = 0; i < insns.length; i++) {
    const x = insns[i]!;
    const code = x.code;
    if (isJmpClass(code) && op.insnOp(code) !== op.BPF_EXIT && op.insnOp(code) !== op.BPF_CALL) {
      const to = i + jmpOffset(x) + 1;
      if (to < 0 || to >= insns.length) env.reject("EINVAL", `jump out of range from insn ${i} to ${to}\n`);
    }
    if (i === insns.length - 1) {
      if (
        code !== (op.BPF_JMP | op.BPF_EXIT) &&
        code !== (op.BPF_JMP32 | op.BPF_JA) &&
        code !== (op.BPF_JMP | op.BPF_JA)
      ) {
        env.reject("EINVAL", "last insn is not an exit or jmp\n");
      }
    }
  }
}

/** check_cfg: the non-recursive DFS. `allowBackEdges` is bpf_capable (root). */
export function checkCfg(env: VerifierEnv, allowBackEdges: boolean): void {
  const insns = env.insns;
  const n = insns.length;
  const state = new Int32Array(n);
  const stack = new Int32Array(n + 1);
  let sp = 0;
  const aux = env.aux;
  state[0] = DISCOVERED;
  stack[sp++] = 0;

  const push = (t: number, w: number, e: number): number => {
    if (e === FALLTHROUGH && state[t]! >= (DISCOVERED | FALLTHROUGH)) return 0;
    if (e === BRANCH && state[t]! >= (DISCOVERED | BRANCH)) return 0;
    if (w < 0 || w >= n) env.reject("EINVAL", `jump out of range from insn ${t} to ${w}\n`);
    if (e === BRANCH) {
      aux.prunePoint[w] = 1;
      aux.jmpPoint[w] = 1;
    }
    if (state[w] === 0) {
      state[t] = DISCOVERED | e;
      state[w] = DISCOVERED;
      if (sp >= n) env.reject("E2BIG");
      stack[sp++] = w;
      return 1;
    }
    if ((state[w]! & 0xf0) === DISCOVERED) {
      if (allowBackEdges) return 0;
      env.reject("EINVAL", `back-edge from insn ${t} to ${w}\n`);
    }
    state[t] = DISCOVERED | e;
    return 0;
  };

  const visit = (t: number): number => {
    const x = insns[t]!;
    if (!isJmpClass(x.code)) return push(t, t + (isLdImm64(x) ? 2 : 1), FALLTHROUGH);
    switch (op.insnOp(x.code)) {
      case op.BPF_EXIT:
        return 0;
      case op.BPF_CALL: {
        const ret = push(t, t + 1, FALLTHROUGH);
        if (ret) return ret;
        aux.prunePoint[t + 1] = 1;
        aux.jmpPoint[t + 1] = 1;
        return 0;
      }
      case op.BPF_JA: {
        if (op.insnSrc(x.code) !== op.BPF_K) env.reject("EINVAL");
        const w = t + jmpOffset(x) + 1;
        const ret = push(t, w, FALLTHROUGH);
        if (ret) return ret;
        aux.prunePoint[w] = 1;
        aux.jmpPoint[w] = 1;
        // before 6.3 (and 6.1.y) the instruction after an unconditional jump is a prune point too
        if (!env.features.pruneAtBranches && t + 1 < n) aux.prunePoint[t + 1] = 1;
        return 0;
      }
      default: {
        aux.prunePoint[t] = 1;
        if (x.code === (op.BPF_JMP | op.BPF_JCOND)) aux.forceCheckpoint[t] = 1;
        const ret = push(t, t + 1, FALLTHROUGH);
        if (ret) return ret;
        return push(t, t + x.off + 1, BRANCH);
      }
    }
  };

  while (sp > 0) {
    const t = stack[sp - 1]!;
    if (visit(t) === 0) {
      state[t] = EXPLORED;
      sp--;
    }
  }
  for (let i = 0; i < n; i++) {
    if (state[i] !== EXPLORED) env.reject("EINVAL", `unreachable insn ${i}\n`);
    if (isLdImm64(insns[i]!)) {
      if (state[i + 1] !== 0) env.reject("EINVAL", `jump into the middle of ldimm64 insn ${i}\n`);
      i++;
    }
  }
}

/** Successors of an instruction (bpf_insn_successors). */
export function insnSuccessors(insns: readonly Insn[], i: number): number[] {
  const x = insns[i]!;
  if (!isJmpClass(x.code)) return [i + (isLdImm64(x) ? 2 : 1)];
  const o = op.insnOp(x.code);
  if (o === op.BPF_EXIT) return [];
  if (o === op.BPF_CALL) return [i + 1];
  if (o === op.BPF_JA) return [i + jmpOffset(x) + 1];
  const t = i + x.off + 1;
  return t === i + 1 ? [i + 1] : [i + 1, t];
}

/** compute_postorder for the one subprogram. */
export function postorder(insns: readonly Insn[]): number[] {
  const out: number[] = [];
  const state = new Uint8Array(insns.length);
  const stack = [0];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    state[top]! |= 1;
    if (state[top]! & 2) {
      out.push(top);
      stack.pop();
      continue;
    }
    for (const s of insnSuccessors(insns, top)) {
      if (!state[s]) {
        stack.push(s);
        state[s]! |= 1;
      }
    }
    state[top]! |= 2;
  }
  return out;
}

function useDef(x: Insn): [number, number] {
  const cls = x.code & 7;
  const code = op.insnOp(x.code);
  const mode = op.insnMode(x.code);
  const src = 1 << x.src;
  const dst = 1 << x.dst;
  let def = 0;
  let use = 0xffff;
  switch (cls) {
    case op.BPF_LD:
      if (mode === op.BPF_IMM && op.insnSize(x.code) === op.BPF_DW) [def, use] = [dst, 0];
      break;
    case op.BPF_LDX:
      if (mode === op.BPF_MEM || mode === op.BPF_MEMSX) [def, use] = [dst, src];
      break;
    case op.BPF_ST:
      if (mode === op.BPF_MEM) [def, use] = [0, dst];
      break;
    case op.BPF_STX:
      if (mode === op.BPF_MEM) [def, use] = [0, dst | src];
      else if (mode === op.BPF_ATOMIC) {
        if (x.imm === op.BPF_CMPXCHG) [def, use] = [1, 1 | dst | src];
        else if (x.imm === op.BPF_LOAD_ACQ) [def, use] = [dst, src];
        else if (x.imm === op.BPF_STORE_REL) [def, use] = [0, dst | src];
        else [def, use] = [x.imm & op.BPF_FETCH ? src : 0, dst | src];
      }
      break;
    case op.BPF_ALU:
    case op.BPF_ALU64:
      if (code === op.BPF_END) [def, use] = [dst, dst];
      else if (code === op.BPF_MOV) [def, use] = [dst, op.insnSrc(x.code) === op.BPF_K ? 0 : src];
      else [def, use] = [dst, op.insnSrc(x.code) === op.BPF_K ? dst : dst | src];
      break;
    default:
      if (code === op.BPF_JA) [def, use] = [0, op.insnSrc(x.code) === op.BPF_X ? dst : 0];
      else if (code === op.BPF_JCOND) [def, use] = [0, 0];
      else if (code === op.BPF_EXIT) [def, use] = [0, 1];
      else if (code === op.BPF_CALL) [def, use] = [0x3f, 0x3e];
      else [def, use] = [0, op.insnSrc(x.code) === op.BPF_K ? dst : dst | src];
  }
  return [use, def];
}

/** compute_live_registers: a fixed point over the postorder; prints the table at level 2. */
export function computeLiveRegisters(env: VerifierEnv, print = true): void {
  const insns = env.insns;
  const n = insns.length;
  const use = new Uint16Array(n);
  const def = new Uint16Array(n);
  for (let i = 0; i < n; i++) [use[i], def[i]] = useDef(insns[i]!);
  const liveIn = new Uint16Array(n);
  const liveOut = new Uint16Array(n);
  const order = postorder(insns);
  let changed = true;
  while (changed) {
    changed = false;
    for (const i of order) {
      let out = 0;
      for (const s of insnSuccessors(insns, i)) out |= liveIn[s]!;
      const inn = (out & ~def[i]!) | use[i]!;
      if (out !== liveOut[i] || inn !== liveIn[i]) {
        liveIn[i] = inn;
        liveOut[i] = out;
        changed = true;
      }
    }
  }
  env.aux.liveRegsBefore.set(liveIn);
  if (!env.level2 || !print) return;
  env.verbose("Live regs before insn:\n");
  for (let i = 0; i < n; i++) {
    let regs = "";
    for (let j = 0; j < 10; j++) regs += liveIn[i]! & (1 << j) ? String(j) : ".";
    env.verbose(`    ${String(i).padStart(3)}: ${regs} ${env.formatInsn(i)}\n`);
    if (isLdImm64(insns[i]!)) i++;
  }
}
