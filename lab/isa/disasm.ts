/**
 * The disassembler: each instruction printed exactly as the kernel verifier log prints it
 * (kernel/bpf/disasm.c, print_bpf_insn, as called by the verifier), e.g. `(61) r2 = *(u32 *)(r1 +0)`,
 * `(56) if w3 != 0x5 goto pc+2`, `(85) call bpf_map_lookup_elem#1`. The printer of a given kernel
 * line is chosen with `kernel` (see flavor.ts). ld_imm64 pseudo forms print either as the kernel
 * does after resolving them (a map's kernel address, `pseudo: "kernel"`), or symbolically
 * (`map[name]`, `map[idx:1][0]+8`, `func[pc+4]`, `pseudo: "symbolic"`) so that asm reads them back.
 */
import type { MapDef, MapRelocation } from "../program.js";
import { formatLdImm64 } from "./disasm-ldimm64.js";
import { type DisasmFlavor, flavorFor } from "./flavor.js";
import { helperName } from "./helpers.js";
import type { Insn } from "./insn.js";
import * as op from "./opcodes.js";

export interface DisasmOptions {
  /** kernel release whose printer to follow (`5.10.223`, `6.1`, `6.12.117`); default the newest */
  kernel?: string;
  /** overrides of the kernel line's printer */
  flavor?: Partial<DisasmFlavor>;
  /** the verifier's allow_ptr_leaks (root: true): when false, map pointers print as 0x0 */
  allowPtrLeaks?: boolean;
  /** ld_imm64 pseudo forms: as the kernel prints them after resolution, or symbolic [kernel] */
  pseudo?: "kernel" | "symbolic";
  /** kernel style: the address a map is at (default: a made-up direct-map address per map index) */
  mapAddress?: (mapIndex: number) => bigint;
  /** kernel style: the kfunc name the verifier finds in BTF (default `kernel-function`) */
  kfuncName?: (insn: Insn) => string | null;
  /** map references of the program (ELF relocations), for names and indices */
  relocations?: readonly MapRelocation[];
  maps?: readonly MapDef[];
}

const ALU = ["+=", "-=", "*=", "/=", "|=", "&=", "<<=", ">>=", "neg", "%=", "^=", "=", "s>>=", "endian"];
const ALU_SIGNED: Record<number, string> = { [op.BPF_DIV]: "s/=", [op.BPF_MOD]: "s%=" };
const JMP = ["jmp", "==", ">", ">=", "&", "!=", "s>", "s>=", "call", "exit", "<", "<=", "s<", "s<="];
const LDST = ["u32", "u16", "u8", "u64"];
const LDSX = ["s32", "s16", "s8"];
const ATOMIC_ALU: Record<number, string> = {
  [op.BPF_ADD]: "add",
  [op.BPF_AND]: "and",
  [op.BPF_OR]: "or",
  [op.BPF_XOR]: "xor",
};
const NULL = "(null)";

export const hex = (n: number): string => (n >>> 0).toString(16);
const hex2 = (code: number): string => code.toString(16).padStart(2, "0");
const code2 = (code: number): string => `(${hex2(code)})`;
const signed = (n: number): string => (n < 0 ? `${n}` : `+${n}`);
const table = (list: readonly string[], i: number): string => list[i] ?? NULL;

interface Ctx {
  flavor: DisasmFlavor;
  options: DisasmOptions;
}

function formatAlu(x: Insn, ctx: Ctx): string {
  const c = code2(x.code);
  const r = (x.code & 7) === op.BPF_ALU ? "w" : "r";
  const opc = op.insnOp(x.code);
  const f = ctx.flavor;
  if (opc === op.BPF_END) {
    if (r === "r") return f.isaV4 ? `${c} r${x.dst} = bswap${x.imm} r${x.dst}` : `BUG_alu64_${hex2(x.code)}`;
    return `${c} r${x.dst} = ${op.insnSrc(x.code) === op.BPF_TO_BE ? "be" : "le"}${x.imm} r${x.dst}`;
  }
  if (opc === op.BPF_NEG) return `${c} ${r}${x.dst} = -${r}${x.dst}`;
  const movX = x.code === (op.BPF_ALU64 | op.BPF_MOV | op.BPF_X);
  if (f.addrSpaceCast && movX && x.off === 1) {
    return `${c} r${x.dst} = addr_space_cast(r${x.src}, ${x.imm >>> 16}, ${x.imm & 0xffff})`;
  }
  if (f.percpuAddr && movX && x.off === -1) return `${c} r${x.dst} = &(void __percpu *)(r${x.src})`;
  const sdiv = f.isaV4 && (opc === op.BPF_DIV || opc === op.BPF_MOD) && x.off === 1;
  const name = sdiv ? ALU_SIGNED[opc]! : table(ALU, opc >> 4);
  if (op.insnSrc(x.code) === op.BPF_X) {
    const movsx = f.isaV4 && opc === op.BPF_MOV && (x.off === 8 || x.off === 16 || x.off === 32);
    const cast = movsx ? `(s${x.off})` : "";
    return `${c} ${r}${x.dst} ${name} ${cast}${r}${x.src}`;
  }
  return `${c} ${r}${x.dst} ${name} ${x.imm}`;
}

function formatStx(x: Insn, ctx: Ctx): string {
  const c = code2(x.code);
  const size = LDST[op.insnSize(x.code) >> 3]!;
  const mem = `(r${x.dst} ${signed(x.off)})`;
  const mode = op.insnMode(x.code);
  if (mode === op.BPF_MEM) return `${c} *(${size} *)${mem} = r${x.src}`;
  if (mode !== op.BPF_ATOMIC) return `BUG_${hex2(x.code)}`;
  if (!ctx.flavor.atomics) return `${c} lock *(${size} *)${mem} += r${x.src}`;
  const w = op.insnSize(x.code) === op.BPF_DW ? "64" : "";
  const alu = x.imm & ~op.BPF_FETCH;
  if (ATOMIC_ALU[x.imm] !== undefined) return `${c} lock *(${size} *)${mem} ${ALU[x.imm >> 4]} r${x.src}`;
  if ((x.imm & op.BPF_FETCH) !== 0 && ATOMIC_ALU[alu] !== undefined) {
    return `${c} r${x.src} = atomic${w}_fetch_${ATOMIC_ALU[alu]}((${size} *)${mem}, r${x.src})`;
  }
  if (x.imm === op.BPF_CMPXCHG) return `${c} r0 = atomic${w}_cmpxchg((${size} *)${mem}, r0, r${x.src})`;
  if (x.imm === op.BPF_XCHG) return `${c} r${x.src} = atomic${w}_xchg((${size} *)${mem}, r${x.src})`;
  if (ctx.flavor.loadAcquire && x.imm === op.BPF_LOAD_ACQ) {
    return `${c} r${x.dst} = load_acquire((${size} *)(r${x.src} ${signed(x.off)}))`;
  }
  if (ctx.flavor.loadAcquire && x.imm === op.BPF_STORE_REL) {
    return `${c} store_release((${size} *)${mem}, r${x.src})`;
  }
  return `BUG_${hex2(x.code)}`;
}

function formatLoadStore(x: Insn, insns: readonly Insn[], index: number, ctx: Ctx): string {
  const c = code2(x.code);
  const cls = x.code & 7;
  const size = LDST[op.insnSize(x.code) >> 3]!;
  const mode = op.insnMode(x.code);
  if (cls === op.BPF_ST) {
    if (mode === op.BPF_MEM) return `${c} *(${size} *)(r${x.dst} ${signed(x.off)}) = ${x.imm}`;
    if (mode === 0xc0 && ctx.flavor.nospec) return `${c} nospec`;
    return `BUG_st_${hex2(x.code)}`;
  }
  if (cls === op.BPF_LDX) {
    const sx = mode === op.BPF_MEMSX && ctx.flavor.isaV4;
    if (mode !== op.BPF_MEM && !sx) return `BUG_ldx_${hex2(x.code)}`;
    const type = sx ? (LDSX[op.insnSize(x.code) >> 3] ?? NULL) : size;
    return `${c} r${x.dst} = *(${type} *)(r${x.src} ${signed(x.off)})`;
  }
  if (mode === op.BPF_ABS) return `${c} r0 = *(${size} *)skb[${x.imm}]`;
  if (mode === op.BPF_IND) return `${c} r0 = *(${size} *)skb[r${x.src} + ${x.imm}]`;
  if (mode === op.BPF_IMM && op.insnSize(x.code) === op.BPF_DW) {
    return `${c} r${x.dst} = ${formatLdImm64(insns, index, ctx.options, ctx.flavor)}`;
  }
  return `BUG_ld_${hex2(x.code)}`;
}

function callName(x: Insn, ctx: Ctx): string {
  const f = ctx.flavor;
  const byHelper = f.kfunc ? x.src === 0 : x.src !== op.BPF_PSEUDO_CALL;
  const helper = byHelper ? helperName(x.imm, f.helperCount) : null;
  if (helper) return helper;
  if (x.src === op.BPF_PSEUDO_CALL) return signed(x.imm);
  if (f.kfunc && x.src === op.BPF_PSEUDO_KFUNC_CALL) return ctx.options.kfuncName?.(x) ?? "kernel-function";
  return "unknown";
}

function formatJmp(x: Insn, ctx: Ctx): string {
  const c = code2(x.code);
  const f = ctx.flavor;
  const opc = op.insnOp(x.code);
  if (opc === op.BPF_CALL) {
    if (x.src === op.BPF_PSEUDO_CALL) return `${c} call pc${callName(x, ctx)}`;
    return `${c} call ${callName(x, ctx)}#${x.imm}`;
  }
  if (x.code === (op.BPF_JMP | op.BPF_JA)) return `${c} goto pc${signed(x.off)}`;
  if (f.mayGoto && x.code === (op.BPF_JMP | op.BPF_JCOND) && x.src === op.BPF_MAY_GOTO) {
    return `${c} may_goto pc${signed(x.off)}`;
  }
  if (f.isaV4 && x.code === (op.BPF_JMP32 | op.BPF_JA)) return `${c} gotol pc${signed(x.imm)}`;
  if (x.code === (op.BPF_JMP | op.BPF_EXIT)) return `${c} exit`;
  const r = (x.code & 7) === op.BPF_JMP32 ? "w" : "r";
  const name = table(JMP, opc >> 4);
  if (op.insnSrc(x.code) === op.BPF_X)
    return `${c} if ${r}${x.dst} ${name} ${r}${x.src} goto pc${signed(x.off)}`;
  return `${c} if ${r}${x.dst} ${name} 0x${hex(x.imm)} goto pc${signed(x.off)}`;
}

const flavorCache = new Map<string, DisasmFlavor>();

function contextOf(options: DisasmOptions): Ctx {
  const key = options.kernel ?? "";
  let base = flavorCache.get(key);
  if (!base) flavorCache.set(key, (base = flavorFor(options.kernel)));
  return { flavor: options.flavor ? { ...base, ...options.flavor } : base, options };
}

/** One instruction as print_bpf_insn prints it: `(61) r2 = *(u32 *)(r1 +0)` (no index). */
export function formatInsn(insns: readonly Insn[], index: number, options: DisasmOptions = {}): string {
  const x = insns[index];
  if (!x) throw new RangeError(`no instruction at index ${index} (program has ${insns.length})`);
  const ctx = contextOf(options);
  switch (x.code & 7) {
    case op.BPF_ALU:
    case op.BPF_ALU64:
      return formatAlu(x, ctx);
    case op.BPF_STX:
      return formatStx(x, ctx);
    case op.BPF_JMP:
    case op.BPF_JMP32:
      return formatJmp(x, ctx);
    default:
      return formatLoadStore(x, insns, index, ctx);
  }
}

/** The verifier log's instruction line: `N: (op) text`. */
export function formatInsnLine(insns: readonly Insn[], index: number, options: DisasmOptions = {}): string {
  return `${index}: ${formatInsn(insns, index, options)}`;
}

/** Every instruction line of a program (the second slot of an ld_imm64 is skipped, as in the kernel). */
export function disassemble(insns: readonly Insn[], options: DisasmOptions = {}): string[] {
  const lines: string[] = [];
  for (let i = 0; i < insns.length; i++) {
    lines.push(formatInsnLine(insns, i, options));
    if (insns[i]!.code === op.LD_IMM64) i++;
  }
  return lines;
}
