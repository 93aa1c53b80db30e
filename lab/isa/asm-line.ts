/**
 * One instruction of the verifier-log syntax (what disasm.ts prints, without `N: (op) `) parsed
 * back into `struct bpf_insn` slots. Map references come back as a `MapRef` for the program-level
 * assembler (asm.ts) to resolve. Throws AsmLineError with the column of the offending text.
 */
import { helperName } from "./helpers.js";
import { type Insn, insn } from "./insn.js";
import * as op from "./opcodes.js";

export class AsmLineError extends Error {
  constructor(
    message: string,
    readonly col: number,
  ) {
    super(message);
  }
}

/** A map named in an ld_imm64: by name, by kernel map id (`map[id:5]`), or by a kernel address. */
export interface MapRef {
  name?: string;
  id?: number;
  address?: bigint;
  kind: "fd" | "value";
  offset: number;
}

export interface ParsedLine {
  insns: Insn[];
  map?: MapRef;
}

const SIZE: Record<string, number> = { u32: op.BPF_W, u16: op.BPF_H, u8: op.BPF_B, u64: op.BPF_DW };
const SIZE_SX: Record<string, number> = { s32: op.BPF_W, s16: op.BPF_H, s8: op.BPF_B };
const ALU: Record<string, number> = {
  "+=": op.BPF_ADD,
  "-=": op.BPF_SUB,
  "*=": op.BPF_MUL,
  "/=": op.BPF_DIV,
  "|=": op.BPF_OR,
  "&=": op.BPF_AND,
  "<<=": op.BPF_LSH,
  ">>=": op.BPF_RSH,
  "%=": op.BPF_MOD,
  "^=": op.BPF_XOR,
  "=": op.BPF_MOV,
  "s>>=": op.BPF_ARSH,
  "s/=": op.BPF_DIV,
  "s%=": op.BPF_MOD,
};
const JMP: Record<string, number> = {
  "==": op.BPF_JEQ,
  ">": op.BPF_JGT,
  ">=": op.BPF_JGE,
  "&": op.BPF_JSET,
  "!=": op.BPF_JNE,
  "s>": op.BPF_JSGT,
  "s>=": op.BPF_JSGE,
  "<": op.BPF_JLT,
  "<=": op.BPF_JLE,
  "s<": op.BPF_JSLT,
  "s<=": op.BPF_JSLE,
};
const LOCK: Record<string, number> = {
  "+=": op.BPF_ADD,
  "|=": op.BPF_OR,
  "&=": op.BPF_AND,
  "^=": op.BPF_XOR,
};
const FETCH: Record<string, number> = { add: op.BPF_ADD, or: op.BPF_OR, and: op.BPF_AND, xor: op.BPF_XOR };

const N = "(-?(?:0x[0-9a-fA-F]+|\\d+))";
const OFF = "([+-] ?\\d+)";
const MEM = `\\(r(\\d+) ?${OFF}\\)`;

/** Numbers and registers, each checked against its field's range. */
class Fields {
  constructor(private readonly text: string) {}
  private col(token: string): number {
    const at = this.text.indexOf(token);
    return at < 0 ? 1 : at + 1;
  }
  reg(digits: string): number {
    const n = Number(digits);
    if (n > 10) {
      const at = new RegExp(`\\b[rw]${digits}\\b`).exec(this.text)?.index;
      throw new AsmLineError(`no register r${digits} (r0..r10)`, at === undefined ? 1 : at + 1);
    }
    return n;
  }
  big(token: string): bigint {
    const neg = token.startsWith("-");
    const v = BigInt(neg ? token.slice(1) : token);
    return neg ? -v : v;
  }
  int32(token: string): number {
    const v = this.big(token);
    if (v < -(2n ** 31n) || v >= 2n ** 32n)
      throw new AsmLineError(`${token} does not fit in 32 bits`, this.col(token));
    return Number(BigInt.asIntN(32, v));
  }
  off16(token: string): number {
    const v = Number(token.replace(/ /g, ""));
    if (v < -32768 || v > 32767)
      throw new AsmLineError(`offset ${token} does not fit in 16 bits`, this.col(token));
    return v;
  }
  same(a: string, b: string, what: string): void {
    if (a !== b)
      throw new AsmLineError(`${what}: the two registers must be the same (r${a}, r${b})`, this.col(b));
  }
}

type Rule = [RegExp, (m: string[], f: Fields, hint: number | undefined) => ParsedLine | Insn];

const cls = (letter: string, w: number, r: number) => (letter === "w" ? w : r);

function ldImm64(dst: number, src: number, lo: number, hi: number): Insn[] {
  return [insn(op.LD_IMM64, dst, src, 0, lo), insn(0, 0, 0, 0, hi)];
}

function parseMapRef(body: string, value: string | undefined, f: Fields, dst: number): ParsedLine {
  const offset = value === undefined ? 0 : f.int32(value);
  const kind = value === undefined ? "fd" : "value";
  const raw = /^(fd|idx):(\d+)$/.exec(body);
  if (raw) {
    const src =
      raw[1] === "fd"
        ? kind === "fd"
          ? op.BPF_PSEUDO_MAP_FD
          : op.BPF_PSEUDO_MAP_VALUE
        : kind === "fd"
          ? op.BPF_PSEUDO_MAP_IDX
          : op.BPF_PSEUDO_MAP_IDX_VALUE;
    return { insns: ldImm64(dst, src, f.int32(raw[2]!), offset) };
  }
  const id = /^id:(\d+)$/.exec(body);
  const map: MapRef = id ? { id: Number(id[1]), kind, offset } : { name: body, kind, offset };
  const src = kind === "fd" ? op.BPF_PSEUDO_MAP_FD : op.BPF_PSEUDO_MAP_VALUE;
  return { insns: ldImm64(dst, src, 0, offset), map };
}

const RULES: Rule[] = [
  [/^exit$/, () => insn(op.BPF_JMP | op.BPF_EXIT, 0, 0, 0, 0)],
  [new RegExp(`^goto pc${OFF}$`), (m, f) => insn(op.BPF_JMP | op.BPF_JA, 0, 0, f.off16(m[1]!), 0)],
  [
    new RegExp(`^gotol pc${OFF}$`),
    (m, f) => insn(op.BPF_JMP32 | op.BPF_JA, 0, 0, 0, f.int32(m[1]!.replace(/ /g, ""))),
  ],
  [
    new RegExp(`^may_goto pc${OFF}$`),
    (m, f) => insn(op.BPF_JMP | op.BPF_JCOND, 0, op.BPF_MAY_GOTO, f.off16(m[1]!), 0),
  ],
  [
    new RegExp(`^call pc${OFF}$`),
    (m, f) => insn(op.BPF_JMP | op.BPF_CALL, 0, op.BPF_PSEUDO_CALL, 0, f.int32(m[1]!.replace(/ /g, ""))),
  ],
  [
    /^call ([\w.-]+)#(-?\d+)$/,
    (m, f) => {
      const id = f.int32(m[2]!);
      const helper = m[1] === "unknown" || helperName(id) === m[1];
      return insn(op.BPF_JMP | op.BPF_CALL, 0, helper ? 0 : op.BPF_PSEUDO_KFUNC_CALL, 0, id);
    },
  ],
  [
    new RegExp(`^if ([rw])(\\d+) (==|!=|>=|<=|>|<|&|s>=|s<=|s>|s<) ([rw])(\\d+) goto pc${OFF}$`),
    (m, f) => {
      if (m[1] !== m[4]) throw new AsmLineError("compare registers of one width (both r or both w)", 1);
      const c = cls(m[1]!, op.BPF_JMP32, op.BPF_JMP) | JMP[m[3]!]! | op.BPF_X;
      return insn(c, f.reg(m[2]!), f.reg(m[5]!), f.off16(m[6]!), 0);
    },
  ],
  [
    new RegExp(`^if ([rw])(\\d+) (==|!=|>=|<=|>|<|&|s>=|s<=|s>|s<) ${N} goto pc${OFF}$`),
    (m, f) => {
      const c = cls(m[1]!, op.BPF_JMP32, op.BPF_JMP) | JMP[m[3]!]! | op.BPF_K;
      return insn(c, f.reg(m[2]!), 0, f.off16(m[5]!), f.int32(m[4]!));
    },
  ],
  [
    new RegExp(`^lock \\*\\((u32|u64) \\*\\)${MEM} (\\+=|\\|=|&=|\\^=) r(\\d+)$`),
    (m, f) =>
      insn(
        op.BPF_STX | op.BPF_ATOMIC | SIZE[m[1]!]!,
        f.reg(m[2]!),
        f.reg(m[5]!),
        f.off16(m[3]!),
        LOCK[m[4]!]!,
      ),
  ],
  [
    new RegExp(`^r(\\d+) = atomic(64)?_fetch_(add|and|or|xor)\\(\\((u32|u64) \\*\\)${MEM}, r(\\d+)\\)$`),
    (m, f) => {
      f.same(m[1]!, m[7]!, "atomic fetch");
      const size = atomicSize(m[2], m[4]!);
      return insn(
        op.BPF_STX | op.BPF_ATOMIC | size,
        f.reg(m[5]!),
        f.reg(m[7]!),
        f.off16(m[6]!),
        FETCH[m[3]!]! | op.BPF_FETCH,
      );
    },
  ],
  [
    new RegExp(`^r0 = atomic(64)?_cmpxchg\\(\\((u32|u64) \\*\\)${MEM}, r0, r(\\d+)\\)$`),
    (m, f) =>
      insn(
        op.BPF_STX | op.BPF_ATOMIC | atomicSize(m[1], m[2]!),
        f.reg(m[3]!),
        f.reg(m[5]!),
        f.off16(m[4]!),
        op.BPF_CMPXCHG,
      ),
  ],
  [
    new RegExp(`^r(\\d+) = atomic(64)?_xchg\\(\\((u32|u64) \\*\\)${MEM}, r(\\d+)\\)$`),
    (m, f) => {
      f.same(m[1]!, m[6]!, "atomic xchg");
      return insn(
        op.BPF_STX | op.BPF_ATOMIC | atomicSize(m[2], m[3]!),
        f.reg(m[4]!),
        f.reg(m[6]!),
        f.off16(m[5]!),
        op.BPF_XCHG,
      );
    },
  ],
  [
    new RegExp(`^r(\\d+) = load_acquire\\(\\((u8|u16|u32|u64) \\*\\)${MEM}\\)$`),
    (m, f) =>
      insn(
        op.BPF_STX | op.BPF_ATOMIC | SIZE[m[2]!]!,
        f.reg(m[1]!),
        f.reg(m[3]!),
        f.off16(m[4]!),
        op.BPF_LOAD_ACQ,
      ),
  ],
  [
    new RegExp(`^store_release\\(\\((u8|u16|u32|u64) \\*\\)${MEM}, r(\\d+)\\)$`),
    (m, f) =>
      insn(
        op.BPF_STX | op.BPF_ATOMIC | SIZE[m[1]!]!,
        f.reg(m[2]!),
        f.reg(m[4]!),
        f.off16(m[3]!),
        op.BPF_STORE_REL,
      ),
  ],
  [
    new RegExp(`^\\*\\((u8|u16|u32|u64) \\*\\)${MEM} = r(\\d+)$`),
    (m, f) => insn(op.BPF_STX | op.BPF_MEM | SIZE[m[1]!]!, f.reg(m[2]!), f.reg(m[4]!), f.off16(m[3]!), 0),
  ],
  [
    new RegExp(`^\\*\\((u8|u16|u32|u64) \\*\\)${MEM} = ${N}$`),
    (m, f) => insn(op.BPF_ST | op.BPF_MEM | SIZE[m[1]!]!, f.reg(m[2]!), 0, f.off16(m[3]!), f.int32(m[4]!)),
  ],
  [
    new RegExp(`^r(\\d+) = \\*\\(([us](?:8|16|32|64)) \\*\\)${MEM}$`),
    (m, f) => {
      const t = m[2]!;
      const sx = SIZE_SX[t];
      if (sx === undefined && SIZE[t] === undefined) throw new AsmLineError(`unknown load type ${t}`, 1);
      const c = sx === undefined ? op.BPF_LDX | op.BPF_MEM | SIZE[t]! : op.BPF_LDX | op.BPF_MEMSX | sx;
      return insn(c, f.reg(m[1]!), f.reg(m[3]!), f.off16(m[4]!), 0);
    },
  ],
  [
    new RegExp(`^r0 = \\*\\((u8|u16|u32) \\*\\)skb\\[${N}\\]$`),
    (m, f) => insn(op.BPF_LD | op.BPF_ABS | SIZE[m[1]!]!, 0, 0, 0, f.int32(m[2]!)),
  ],
  [
    new RegExp(`^r0 = \\*\\((u8|u16|u32) \\*\\)skb\\[r(\\d+) \\+ ${N}\\]$`),
    (m, f) => insn(op.BPF_LD | op.BPF_IND | SIZE[m[1]!]!, 0, f.reg(m[2]!), 0, f.int32(m[3]!)),
  ],
  [
    /^r(\d+) = (be|le|bswap)(16|32|64) r(\d+)$/,
    (m, f) => {
      f.same(m[1]!, m[4]!, m[2]!);
      const c =
        m[2] === "bswap"
          ? op.BPF_ALU64 | op.BPF_END | op.BPF_TO_LE
          : op.BPF_ALU | op.BPF_END | (m[2] === "be" ? op.BPF_TO_BE : op.BPF_TO_LE);
      return insn(c, f.reg(m[1]!), 0, 0, Number(m[3]));
    },
  ],
  [
    /^([rw])(\d+) = -([rw])(\d+)$/,
    (m, f) => {
      f.same(m[1]! + m[2]!, m[3]! + m[4]!, "negation");
      return insn(cls(m[1]!, op.BPF_ALU, op.BPF_ALU64) | op.BPF_NEG, f.reg(m[2]!), 0, 0, 0);
    },
  ],
  [
    /^r(\d+) = addr_space_cast\(r(\d+), (\d+), (\d+)\)$/,
    (m, f) => {
      const [a, b] = [Number(m[3]), Number(m[4])];
      if (a > 0xffff || b > 0xffff) throw new AsmLineError("address spaces are 16-bit numbers", 1);
      return insn(op.BPF_ALU64 | op.BPF_MOV | op.BPF_X, f.reg(m[1]!), f.reg(m[2]!), 1, (a << 16) | b | 0);
    },
  ],
  [
    /^r(\d+) = &\(void __percpu \*\)\(r(\d+)\)$/,
    (m, f) => insn(op.BPF_ALU64 | op.BPF_MOV | op.BPF_X, f.reg(m[1]!), f.reg(m[2]!), -1, 0),
  ],
  [
    /^([rw])(\d+) (s>>=|s\/=|s%=|<<=|>>=|\+=|-=|\*=|\/=|\|=|&=|%=|\^=|=) (\(s(?:8|16|32)\))?([rw])(\d+)$/,
    (m, f) => {
      if (m[1] !== m[5]) throw new AsmLineError("operands of one width (both r or both w)", 1);
      const name = m[3]!;
      const off = name.startsWith("s/") || name.startsWith("s%") ? 1 : m[4] ? Number(m[4].slice(2, -1)) : 0;
      if (m[4] && name !== "=") throw new AsmLineError(`a sign-extension cast needs '=', not '${name}'`, 1);
      return insn(
        cls(m[1]!, op.BPF_ALU, op.BPF_ALU64) | ALU[name]! | op.BPF_X,
        f.reg(m[2]!),
        f.reg(m[6]!),
        off,
        0,
      );
    },
  ],
  [
    /^r(\d+) = (?:(0x[0-9a-fA-F]+)|map\[([^\]]+)\](?:\[0\]\+(\d+))?|btf_id\[(-?\d+)(?:,(-?\d+))?\]|func\[pc([+-]\d+)\])$/,
    (m, f, hint) => {
      const dst = f.reg(m[1]!);
      if (m[2] !== undefined) {
        const v = BigInt(m[2]);
        if (hint === (op.BPF_ALU64 | op.BPF_MOV | op.BPF_K)) return insn(hint, dst, 0, 0, f.int32(m[2]));
        if (v >= 2n ** 64n) throw new AsmLineError(`${m[2]} does not fit in 64 bits`, 1);
        return { insns: ldImm64(dst, 0, Number(BigInt.asIntN(32, v)), Number(BigInt.asIntN(32, v >> 32n))) };
      }
      if (m[3] !== undefined) return parseMapRef(m[3], m[4], f, dst);
      if (m[5] !== undefined)
        return { insns: ldImm64(dst, op.BPF_PSEUDO_BTF_ID, f.int32(m[5]), f.int32(m[6] ?? "0")) };
      return { insns: ldImm64(dst, op.BPF_PSEUDO_FUNC, f.int32(m[7]!), 0) };
    },
  ],
  [
    new RegExp(`^([rw])(\\d+) (s>>=|s\\/=|s%=|<<=|>>=|\\+=|-=|\\*=|\\/=|\\|=|&=|%=|\\^=|=) ${N}$`),
    (m, f) => {
      const name = m[3]!;
      const off = name.startsWith("s/") || name.startsWith("s%") ? 1 : 0;
      return insn(
        cls(m[1]!, op.BPF_ALU, op.BPF_ALU64) | ALU[name]! | op.BPF_K,
        f.reg(m[2]!),
        0,
        off,
        f.int32(m[4]!),
      );
    },
  ],
];

function atomicSize(wide: string | undefined, size: string): number {
  const want = wide ? "u64" : "u32";
  if (size !== want) throw new AsmLineError(`atomic${wide ?? ""} works on ${want}, not ${size}`, 1);
  return SIZE[size]!;
}

/**
 * Parse one instruction. `hint` is the opcode printed before it in a log line (`(b7)`), used where
 * the text alone is ambiguous (`r1 = 0x5`: ld_imm64, or a mov with a hex immediate).
 */
export function parseInsnText(text: string, hint?: number): ParsedLine {
  const norm = text.trim().replace(/\s+/g, " ");
  const fields = new Fields(norm);
  for (const [re, make] of RULES) {
    const m = re.exec(norm);
    if (!m) continue;
    const out = make(m, fields, hint);
    return "insns" in out ? out : { insns: [out] };
  }
  throw new AsmLineError(`cannot parse instruction '${norm}'`, 1);
}
