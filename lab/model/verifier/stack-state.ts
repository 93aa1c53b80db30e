/**
 * Stack slots of a frame (struct bpf_stack_state): eight slot_type bytes per 8-byte slot and the
 * spilled register (spilled_ptr), whose liveness marks stand for the whole slot. Slot spi covers
 * fp-(spi+1)*8 .. fp-spi*8-1; slot_type[j] is the byte at fp-(spi+1)*8+j.
 */
import { markNotInit, RegState, RegType } from "./reg-state.js";

export const STACK_INVALID = 0;
export const STACK_SPILL = 1;
export const STACK_MISC = 2;
export const STACK_ZERO = 3;
export const BPF_REG_SIZE = 8;
export const MAX_BPF_STACK = 512;
/** slot_type_char: `?` invalid, `r` spill, `m` misc, `0` zero */
const TYPE_CHAR = "?rm0";

export class StackSlot {
  types: Uint8Array;
  spilled: RegState;

  constructor(o?: StackSlot) {
    this.types = o ? o.types.slice() : new Uint8Array(BPF_REG_SIZE);
    this.spilled = o ? new RegState(o.spilled) : freshSpilled();
  }

  copyFrom(o: StackSlot): void {
    this.types.set(o.types);
    this.spilled.copyFrom(o.spilled);
  }

  typeString(): string {
    let out = "";
    for (const t of this.types) out += TYPE_CHAR[t];
    return out;
  }
}

function freshSpilled(): RegState {
  const r = new RegState();
  markNotInit(r);
  return r;
}

/** is_spilled_reg: the last byte is STACK_SPILL */
export const isSpilledReg = (s: StackSlot): boolean => s.types[BPF_REG_SIZE - 1] === STACK_SPILL;
export const isSpilledScalarReg = (s: StackSlot): boolean =>
  isSpilledReg(s) && s.spilled.type === RegType.SCALAR_VALUE;
/** is_spilled_scalar_reg64: all eight bytes hold the spill */
export const isSpilledScalarReg64 = (s: StackSlot): boolean =>
  s.types[0] === STACK_SPILL && s.spilled.type === RegType.SCALAR_VALUE;

/** Copy a stack (array of slots) into `dst`, reusing its slots. */
export function copyStack(dst: StackSlot[], src: readonly StackSlot[]): void {
  while (dst.length > src.length) dst.pop();
  for (let i = 0; i < src.length; i++) {
    const d = dst[i];
    if (d) d.copyFrom(src[i]!);
    else dst.push(new StackSlot(src[i]));
  }
}
