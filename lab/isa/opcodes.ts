/**
 * The opcode byte's fields, as the kernel's uapi names them. Instruction classes, sizes, modes,
 * ALU/JMP operations and the source bit. Tables of metadata (which fields are used, which ISA
 * version introduced an opcode) are built on these in lab/isa/table.ts.
 */

// classes (code & 0x07)
export const BPF_LD = 0x00;
export const BPF_LDX = 0x01;
export const BPF_ST = 0x02;
export const BPF_STX = 0x03;
export const BPF_ALU = 0x04;
export const BPF_JMP = 0x05;
export const BPF_JMP32 = 0x06;
export const BPF_ALU64 = 0x07;

// sizes (code & 0x18)
export const BPF_W = 0x00;
export const BPF_H = 0x08;
export const BPF_B = 0x10;
export const BPF_DW = 0x18;

// modes (code & 0xe0)
export const BPF_IMM = 0x00;
export const BPF_ABS = 0x20;
export const BPF_IND = 0x40;
export const BPF_MEM = 0x60;
export const BPF_MEMSX = 0x80;
export const BPF_ATOMIC = 0xc0;

// source (code & 0x08)
export const BPF_K = 0x00;
export const BPF_X = 0x08;

// ALU operations (code & 0xf0)
export const BPF_ADD = 0x00;
export const BPF_SUB = 0x10;
export const BPF_MUL = 0x20;
export const BPF_DIV = 0x30;
export const BPF_OR = 0x40;
export const BPF_AND = 0x50;
export const BPF_LSH = 0x60;
export const BPF_RSH = 0x70;
export const BPF_NEG = 0x80;
export const BPF_MOD = 0x90;
export const BPF_XOR = 0xa0;
export const BPF_MOV = 0xb0;
export const BPF_ARSH = 0xc0;
export const BPF_END = 0xd0;

// JMP operations (code & 0xf0)
export const BPF_JA = 0x00;
export const BPF_JEQ = 0x10;
export const BPF_JGT = 0x20;
export const BPF_JGE = 0x30;
export const BPF_JSET = 0x40;
export const BPF_JNE = 0x50;
export const BPF_JSGT = 0x60;
export const BPF_JSGE = 0x70;
export const BPF_CALL = 0x80;
export const BPF_EXIT = 0x90;
export const BPF_JLT = 0xa0;
export const BPF_JLE = 0xb0;
export const BPF_JSLT = 0xc0;
export const BPF_JSLE = 0xd0;
export const BPF_JCOND = 0xe0; // may_goto

// byte swap direction (BPF_END, source bit)
export const BPF_TO_LE = 0x00;
export const BPF_TO_BE = 0x08;

// atomic operations (imm of BPF_STX | BPF_ATOMIC)
export const BPF_FETCH = 0x01;
export const BPF_XCHG = 0xe0 | BPF_FETCH;
export const BPF_CMPXCHG = 0xf0 | BPF_FETCH;

// pseudo sources of ld_imm64 (src_reg)
export const BPF_PSEUDO_MAP_FD = 1;
export const BPF_PSEUDO_MAP_VALUE = 2;
export const BPF_PSEUDO_BTF_ID = 3;
export const BPF_PSEUDO_FUNC = 4;
export const BPF_PSEUDO_MAP_IDX = 5;
export const BPF_PSEUDO_MAP_IDX_VALUE = 6;

// pseudo sources of call (src_reg)
export const BPF_PSEUDO_CALL = 1;
export const BPF_PSEUDO_KFUNC_CALL = 2;

export const BPF_REG_FP = 10;
export const MAX_BPF_REG = 11;

export const insnClass = (code: number): number => code & 0x07;
export const insnSize = (code: number): number => code & 0x18;
export const insnMode = (code: number): number => code & 0xe0;
export const insnOp = (code: number): number => code & 0xf0;
export const insnSrc = (code: number): number => code & 0x08;

/** ld_imm64: BPF_LD | BPF_DW | BPF_IMM (0x18), two slots. */
export const LD_IMM64 = BPF_LD | BPF_DW | BPF_IMM;

// jump condition of BPF_JMP | BPF_JCOND (src_reg)
export const BPF_MAY_GOTO = 0;

// load-acquire / store-release (imm of BPF_STX | BPF_ATOMIC, kernel 6.15)
export const BPF_LOAD_ACQ = 0x100;
export const BPF_STORE_REL = 0x110;
