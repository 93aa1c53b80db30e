/**
 * The context a program type sees and which loads from it are valid (each type's
 * is_valid_access). cgroup_device: struct bpf_cgroup_dev_ctx { u32 access_type; u32 major;
 * u32 minor; }, read-only, narrow loads only of access_type. socket_filter: a read-only subset of
 * struct __sk_buff (the u32 fields before cb[], and cb[] itself).
 */
export interface CtxRules {
  /** true when a load/store of `size` bytes at `off` is valid */
  valid(off: number, size: number, write: boolean): boolean;
}

const narrowOk = (off: number, size: number, fieldSize: number): boolean =>
  size <= fieldSize && off % size === 0;

const cgroupDevice: CtxRules = {
  valid(off, size, write) {
    if (write) return false;
    if (off < 0 || off + size > 12) return false;
    if (off % size !== 0) return false;
    if (off < 4) return narrowOk(off, size, 4);
    return size === 4;
  },
};

/** __sk_buff: len .. napi_id (0 .. 0x50), cb[5] at 0x30 .. 0x44 is also writable. */
const socketFilter: CtxRules = {
  valid(off, size, write) {
    if (off < 0 || off >= 0x50 || off % size !== 0) return false;
    const cb = off >= 0x30 && off + size <= 0x44;
    if (write) return cb && size === 4;
    if (cb) return true;
    return size === 4 || narrowOk(off, size, 4);
  },
};

const RULES: Record<string, CtxRules> = {
  cgroup_device: cgroupDevice,
  socket_filter: socketFilter,
};

export function ctxRulesFor(progType: string): CtxRules | null {
  return RULES[progType] ?? null;
}

export const MODELLED_PROG_TYPES = Object.keys(RULES);
