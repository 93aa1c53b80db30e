/**
 * The raw instruction: `struct bpf_insn` as the kernel sees it. An ld_imm64 occupies two slots,
 * exactly as in the kernel (the second slot has code 0 and carries the upper 32 bits in imm).
 * Everything else in lab/isa builds on this shape; the model and the backends pass arrays of it.
 */
export interface Insn {
  /** opcode byte: class | size/op | mode/source */
  code: number;
  /** destination register, 0..10 (4 bits) */
  dst: number;
  /** source register, 0..10 (4 bits) */
  src: number;
  /** signed 16-bit offset */
  off: number;
  /** signed 32-bit immediate */
  imm: number;
}

export const INSN_SIZE = 8;

export function insn(code: number, dst: number, src: number, off: number, imm: number): Insn {
  return { code, dst, src, off, imm };
}

/** Encode instructions as little-endian `struct bpf_insn` bytes. */
export function encodeInsns(insns: readonly Insn[]): Uint8Array {
  const out = new Uint8Array(insns.length * INSN_SIZE);
  const view = new DataView(out.buffer);
  insns.forEach((x, i) => {
    const at = i * INSN_SIZE;
    view.setUint8(at, x.code & 0xff);
    view.setUint8(at + 1, ((x.src & 0xf) << 4) | (x.dst & 0xf));
    view.setInt16(at + 2, x.off, true);
    view.setInt32(at + 4, x.imm, true);
  });
  return out;
}

/** Decode little-endian `struct bpf_insn` bytes. The length must be a multiple of 8 (checked by callers that own a file name). */
export function decodeInsns(bytes: Uint8Array): Insn[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = Math.floor(bytes.byteLength / INSN_SIZE);
  const out: Insn[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const at = i * INSN_SIZE;
    const regs = view.getUint8(at + 1);
    out[i] = {
      code: view.getUint8(at),
      dst: regs & 0xf,
      src: regs >> 4,
      off: view.getInt16(at + 2, true),
      imm: view.getInt32(at + 4, true),
    };
  }
  return out;
}
