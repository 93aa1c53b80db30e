/**
 * Opcode metadata as data: every valid instruction form of the eBPF ISA v1-v4 (plus the kernel's own
 * extensions: may_goto, addr_space_cast, load-acquire/store-release), one row each. A form is an
 * opcode byte plus the values some fields must hold (sdiv is `off = 1`, `lock ... += ` is
 * `imm = BPF_ADD`, ld_imm64 forms differ by `src`), the fields that are free operands, the ISA
 * version (LLVM's -mcpu=vN) and the kernel release that first accepted it.
 */
import * as op from "./opcodes.js";

export type FieldUse = "dst" | "src" | "off" | "imm" | "imm2";

/** The opcode byte's fields by their uapi names (lower case, without BPF_). */
export interface CodeFields {
  class: "ld" | "ldx" | "st" | "stx" | "alu" | "jmp" | "jmp32" | "alu64";
  /** loads and stores: w, h, b, dw */
  size: string | null;
  /** loads and stores: imm, abs, ind, mem, memsx, atomic */
  mode: string | null;
  /** ALU and JMP: add, sub, ..., end; ja, jeq, ..., call, exit, jcond */
  op: string | null;
  /** ALU and JMP: k (imm) or x (register); for end: to_le / to_be */
  source: string | null;
}

const CLASSES = ["ld", "ldx", "st", "stx", "alu", "jmp", "jmp32", "alu64"] as const;
const SIZE_NAMES = ["w", "h", "b", "dw"];
const MODE_NAMES = ["imm", "abs", "ind", "mem", "memsx", "mode_a0", "atomic", "mode_e0"];
const ALU_NAMES = [
  "add",
  "sub",
  "mul",
  "div",
  "or",
  "and",
  "lsh",
  "rsh",
  "neg",
  "mod",
  "xor",
  "mov",
  "arsh",
  "end",
];
const JMP_NAMES = [
  "ja",
  "jeq",
  "jgt",
  "jge",
  "jset",
  "jne",
  "jsgt",
  "jsge",
  "call",
  "exit",
  "jlt",
  "jle",
  "jslt",
  "jsle",
  "jcond",
];

/** Split an opcode byte into its named fields. */
export function codeFields(code: number): CodeFields {
  const cls = CLASSES[code & 7]!;
  if (cls === "ld" || cls === "ldx" || cls === "st" || cls === "stx") {
    return {
      class: cls,
      size: SIZE_NAMES[(code >> 3) & 3]!,
      mode: MODE_NAMES[code >> 5]!,
      op: null,
      source: null,
    };
  }
  const names = cls === "alu" || cls === "alu64" ? ALU_NAMES : JMP_NAMES;
  const opName = names[code >> 4] ?? `op_${(code & 0xf0).toString(16)}`;
  const x = (code & 0x08) !== 0;
  const source = opName === "end" ? (x ? "to_be" : "to_le") : x ? "x" : "k";
  return { class: cls, size: null, mode: null, op: opName, source };
}

export interface InsnForm extends CodeFields {
  /** a short stable name: `add64_k`, `jeq32_x`, `ldxdw`, `ld_map_value`, ... */
  name: string;
  code: number;
  /** fields pinned by this form; every field neither pinned nor an operand must be zero */
  fixed: { src?: number; off?: number; imm?: number; imm2?: number };
  /** free fields (imm2: the second slot's imm of an ld_imm64) */
  operands: readonly FieldUse[];
  /** ISA version: 1 base, 2 adds jlt/jle/jslt/jsle, 3 adds jmp32 and atomics, 4 sign-extension et al. */
  isa: 1 | 2 | 3 | 4;
  /** the kernel release that first accepted it */
  since: string;
  /** two slots (ld_imm64) */
  wide?: boolean;
}

const forms: InsnForm[] = [];
const add = (form: Omit<InsnForm, keyof CodeFields>) => forms.push({ ...codeFields(form.code), ...form });

const ALU_OPS: Array<[string, number]> = [
  ["add", op.BPF_ADD],
  ["sub", op.BPF_SUB],
  ["mul", op.BPF_MUL],
  ["div", op.BPF_DIV],
  ["or", op.BPF_OR],
  ["and", op.BPF_AND],
  ["lsh", op.BPF_LSH],
  ["rsh", op.BPF_RSH],
  ["mod", op.BPF_MOD],
  ["xor", op.BPF_XOR],
  ["mov", op.BPF_MOV],
  ["arsh", op.BPF_ARSH],
];

for (const [cls, suffix] of [
  [op.BPF_ALU, "32"],
  [op.BPF_ALU64, "64"],
] as const) {
  for (const [name, code] of ALU_OPS) {
    add({
      name: `${name}${suffix}_k`,
      code: cls | code | op.BPF_K,
      fixed: {},
      operands: ["dst", "imm"],
      isa: 1,
      since: "3.18",
    });
    add({
      name: `${name}${suffix}_x`,
      code: cls | code | op.BPF_X,
      fixed: {},
      operands: ["dst", "src"],
      isa: 1,
      since: "3.18",
    });
  }
  add({
    name: `neg${suffix}`,
    code: cls | op.BPF_NEG | op.BPF_K,
    fixed: {},
    operands: ["dst"],
    isa: 1,
    since: "3.18",
  });
  for (const [name, code] of [
    ["sdiv", op.BPF_DIV],
    ["smod", op.BPF_MOD],
  ] as const) {
    add({
      name: `${name}${suffix}_k`,
      code: cls | code | op.BPF_K,
      fixed: { off: 1 },
      operands: ["dst", "imm"],
      isa: 4,
      since: "6.6",
    });
    add({
      name: `${name}${suffix}_x`,
      code: cls | code | op.BPF_X,
      fixed: { off: 1 },
      operands: ["dst", "src"],
      isa: 4,
      since: "6.6",
    });
  }
  for (const bits of cls === op.BPF_ALU64 ? [8, 16, 32] : [8, 16]) {
    add({
      name: `movsx${suffix}_${bits}`,
      code: cls | op.BPF_MOV | op.BPF_X,
      fixed: { off: bits },
      operands: ["dst", "src"],
      isa: 4,
      since: "6.6",
    });
  }
}
for (const bits of [16, 32, 64]) {
  add({
    name: `le${bits}`,
    code: op.BPF_ALU | op.BPF_END | op.BPF_TO_LE,
    fixed: { imm: bits },
    operands: ["dst"],
    isa: 1,
    since: "3.18",
  });
  add({
    name: `be${bits}`,
    code: op.BPF_ALU | op.BPF_END | op.BPF_TO_BE,
    fixed: { imm: bits },
    operands: ["dst"],
    isa: 1,
    since: "3.18",
  });
  add({
    name: `bswap${bits}`,
    code: op.BPF_ALU64 | op.BPF_END,
    fixed: { imm: bits },
    operands: ["dst"],
    isa: 4,
    since: "6.6",
  });
}
// arena pointers: r = addr_space_cast(r, dst_as, src_as), the address spaces packed in imm
add({
  name: "addr_space_cast",
  code: op.BPF_ALU64 | op.BPF_MOV | op.BPF_X,
  fixed: { off: 1 },
  operands: ["dst", "src", "imm"],
  isa: 4,
  since: "6.9",
});

const JMP_OPS: Array<[string, number, 1 | 2]> = [
  ["jeq", op.BPF_JEQ, 1],
  ["jgt", op.BPF_JGT, 1],
  ["jge", op.BPF_JGE, 1],
  ["jset", op.BPF_JSET, 1],
  ["jne", op.BPF_JNE, 1],
  ["jsgt", op.BPF_JSGT, 1],
  ["jsge", op.BPF_JSGE, 1],
  ["jlt", op.BPF_JLT, 2],
  ["jle", op.BPF_JLE, 2],
  ["jslt", op.BPF_JSLT, 2],
  ["jsle", op.BPF_JSLE, 2],
];
for (const [cls, suffix] of [
  [op.BPF_JMP, ""],
  [op.BPF_JMP32, "32"],
] as const) {
  for (const [name, code, isa] of JMP_OPS) {
    const v = cls === op.BPF_JMP32 ? 3 : isa;
    const since = cls === op.BPF_JMP32 ? "5.1" : isa === 2 ? "4.14" : "3.18";
    add({
      name: `${name}${suffix}_k`,
      code: cls | code | op.BPF_K,
      fixed: {},
      operands: ["dst", "imm", "off"],
      isa: v,
      since,
    });
    add({
      name: `${name}${suffix}_x`,
      code: cls | code | op.BPF_X,
      fixed: {},
      operands: ["dst", "src", "off"],
      isa: v,
      since,
    });
  }
}
add({ name: "ja", code: op.BPF_JMP | op.BPF_JA, fixed: {}, operands: ["off"], isa: 1, since: "3.18" });
add({ name: "gotol", code: op.BPF_JMP32 | op.BPF_JA, fixed: {}, operands: ["imm"], isa: 4, since: "6.6" });
add({
  name: "may_goto",
  code: op.BPF_JMP | op.BPF_JCOND,
  fixed: { src: op.BPF_MAY_GOTO },
  operands: ["off"],
  isa: 4,
  since: "6.9",
});
add({
  name: "call",
  code: op.BPF_JMP | op.BPF_CALL,
  fixed: { src: 0 },
  operands: ["imm"],
  isa: 1,
  since: "3.18",
});
add({
  name: "call_local",
  code: op.BPF_JMP | op.BPF_CALL,
  fixed: { src: op.BPF_PSEUDO_CALL },
  operands: ["imm"],
  isa: 1,
  since: "4.16",
});
add({
  name: "call_kfunc",
  code: op.BPF_JMP | op.BPF_CALL,
  fixed: { src: op.BPF_PSEUDO_KFUNC_CALL },
  operands: ["imm", "off"],
  isa: 1,
  since: "5.13",
});
add({ name: "exit", code: op.BPF_JMP | op.BPF_EXIT, fixed: {}, operands: [], isa: 1, since: "3.18" });

const SIZES: Array<[string, number]> = [
  ["w", op.BPF_W],
  ["h", op.BPF_H],
  ["b", op.BPF_B],
  ["dw", op.BPF_DW],
];
for (const [name, size] of SIZES) {
  add({
    name: `ldx${name}`,
    code: op.BPF_LDX | op.BPF_MEM | size,
    fixed: {},
    operands: ["dst", "src", "off"],
    isa: 1,
    since: "3.18",
  });
  add({
    name: `st${name}`,
    code: op.BPF_ST | op.BPF_MEM | size,
    fixed: {},
    operands: ["dst", "off", "imm"],
    isa: 1,
    since: "3.18",
  });
  add({
    name: `stx${name}`,
    code: op.BPF_STX | op.BPF_MEM | size,
    fixed: {},
    operands: ["dst", "src", "off"],
    isa: 1,
    since: "3.18",
  });
  if (size !== op.BPF_DW) {
    add({
      name: `ldsx${name}`,
      code: op.BPF_LDX | op.BPF_MEMSX | size,
      fixed: {},
      operands: ["dst", "src", "off"],
      isa: 4,
      since: "6.6",
    });
    add({
      name: `ldabs${name}`,
      code: op.BPF_LD | op.BPF_ABS | size,
      fixed: {},
      operands: ["imm"],
      isa: 1,
      since: "3.18",
    });
    add({
      name: `ldind${name}`,
      code: op.BPF_LD | op.BPF_IND | size,
      fixed: {},
      operands: ["src", "imm"],
      isa: 1,
      since: "3.18",
    });
  }
  add({
    name: `load_acquire_${name}`,
    code: op.BPF_STX | op.BPF_ATOMIC | size,
    fixed: { imm: op.BPF_LOAD_ACQ },
    operands: ["dst", "src", "off"],
    isa: 4,
    since: "6.15",
  });
  add({
    name: `store_release_${name}`,
    code: op.BPF_STX | op.BPF_ATOMIC | size,
    fixed: { imm: op.BPF_STORE_REL },
    operands: ["dst", "src", "off"],
    isa: 4,
    since: "6.15",
  });
}

const ATOMICS: Array<[string, number, 1 | 3, string]> = [
  ["add", op.BPF_ADD, 1, "3.18"],
  ["or", op.BPF_OR, 3, "5.12"],
  ["and", op.BPF_AND, 3, "5.12"],
  ["xor", op.BPF_XOR, 3, "5.12"],
  ["fetch_add", op.BPF_ADD | op.BPF_FETCH, 3, "5.12"],
  ["fetch_or", op.BPF_OR | op.BPF_FETCH, 3, "5.12"],
  ["fetch_and", op.BPF_AND | op.BPF_FETCH, 3, "5.12"],
  ["fetch_xor", op.BPF_XOR | op.BPF_FETCH, 3, "5.12"],
  ["xchg", op.BPF_XCHG, 3, "5.12"],
  ["cmpxchg", op.BPF_CMPXCHG, 3, "5.12"],
];
for (const [size, suffix] of [
  [op.BPF_W, "32"],
  [op.BPF_DW, "64"],
] as const) {
  for (const [name, imm, isa, since] of ATOMICS) {
    add({
      name: `atomic${suffix}_${name}`,
      code: op.BPF_STX | op.BPF_ATOMIC | size,
      fixed: { imm },
      operands: ["dst", "src", "off"],
      isa,
      since,
    });
  }
}

const LD_IMM64: Array<[string, number, readonly FieldUse[], string]> = [
  ["ld_imm64", 0, ["dst", "imm", "imm2"], "3.18"],
  ["ld_map_fd", op.BPF_PSEUDO_MAP_FD, ["dst", "imm"], "3.18"],
  ["ld_map_value", op.BPF_PSEUDO_MAP_VALUE, ["dst", "imm", "imm2"], "5.1"],
  ["ld_btf_id", op.BPF_PSEUDO_BTF_ID, ["dst", "imm", "imm2"], "5.10"],
  ["ld_func", op.BPF_PSEUDO_FUNC, ["dst", "imm"], "5.13"],
  ["ld_map_idx", op.BPF_PSEUDO_MAP_IDX, ["dst", "imm"], "5.14"],
  ["ld_map_idx_value", op.BPF_PSEUDO_MAP_IDX_VALUE, ["dst", "imm", "imm2"], "5.14"],
];
for (const [name, src, operands, since] of LD_IMM64) {
  add({ name, code: op.LD_IMM64, fixed: { src }, operands, isa: 1, since, wide: true });
}

/** Every valid instruction form. */
export const INSN_FORMS: readonly InsnForm[] = forms;

const byCode = new Map<number, InsnForm[]>();
for (const form of forms) {
  const list = byCode.get(form.code) ?? [];
  list.push(form);
  byCode.set(form.code, list);
}

/** The forms an opcode byte can take (empty when the byte is no valid opcode). */
export function formsOfCode(code: number): readonly InsnForm[] {
  return byCode.get(code) ?? [];
}

export function isValidOpcode(code: number): boolean {
  return byCode.has(code);
}

export const formByName: ReadonlyMap<string, InsnForm> = new Map(forms.map((f) => [f.name, f]));
