/**
 * The context a program type sees and which loads from it are valid (each type's
 * is_valid_access). cgroup_device: struct bpf_cgroup_dev_ctx { u32 access_type; u32 major;
 * u32 minor; }, read-only, narrow loads only of access_type. socket_filter: a read-only subset of
 * struct __sk_buff (the u32 fields before cb[], and cb[] itself).
 */
export interface CtxRules {
  /** true when a load/store of `size` bytes at `off` is valid */
  valid(off: number, size: number, write: boolean): boolean;
  /** the pointer type a load at `off` yields, when the field is a pointer */
  pointerField?(off: number): string | null;
  /** true when a valid load at `off` has no rewrite (convert_ctx_accesses fails after the walk) */
  unconverted?(off: number): boolean;
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

/** bpf_ctx_narrow_access_ok: a power-of-two size no larger than the field */
const narrowAccessOk = (size: number, fieldSize: number): boolean =>
  size <= fieldSize && (size & (size - 1)) === 0;

const inRange = (off: number, from: number, to: number): boolean => off >= from && off <= to;

/**
 * struct __sk_buff (192 bytes) for socket filters: sk_filter_is_valid_access over
 * bpf_skb_is_valid_access. Readable: the u32 fields (narrow loads allowed) except tc_classid, the
 * packet pointers and the sk_skb-only fields; cb[0..4] read and write at any aligned size; `sk` is a
 * pointer (not modelled).
 */
const socketFilter: CtxRules = {
  valid(off, size, write) {
    // tc_classid, data, data_end, family..local_port, data_meta, tstamp, wire_len, hwtstamp
    if (inRange(off, 72, 83) || inRange(off, 88, 143) || inRange(off, 152, 163) || inRange(off, 184, 191))
      return false;
    const cb = inRange(off, 48, 67);
    if (write && !cb) return false;
    if (off < 0 || off >= 192 || off % size !== 0) return false;
    if (cb) return off + size <= 68;
    if (inRange(off, 144, 151)) return false; // flow_keys
    if (inRange(off, 168, 175)) return !write && size === 8; // sk: a pointer, see pointerField
    if (inRange(off, 180, 183)) return false; // tstamp_type and padding
    return write ? size === 4 : narrowAccessOk(size, 4);
  },
  pointerField: (off) => (off >= 168 && off <= 175 ? "sock_common_or_null" : null),
};

/**
 * Before 5.16/5.18 (no hwtstamp, no tstamp_type) struct __sk_buff ended with gso_size at 176 and 4
 * bytes of padding (sizeof 184): bpf_skb_is_valid_access lets a narrow read of those bytes through
 * as an ordinary u32 field, but bpf_convert_ctx_access has no case for it.
 */
const socketFilterOldTail: CtxRules = {
  ...socketFilter,
  valid(off, size, write) {
    if (inRange(off, 180, 183)) return !write && off % size === 0 && narrowAccessOk(size, 4);
    return socketFilter.valid(off, size, write);
  },
  unconverted: (off) => inRange(off, 180, 183),
};

const RULES: Record<string, CtxRules> = {
  cgroup_device: cgroupDevice,
  socket_filter: socketFilter,
};

/**
 * Before the 2025 fix (ctx_ptr_narrow_reject) only offset 168 was the `sk` pointer: a narrow read
 * of bytes 169-175 passed bpf_skb_is_valid_access as an ordinary u32 field (a scalar), and then
 * convert_ctx_accesses found no rewrite for it (172: no case; 169-171 round down to 168, whose
 * rewrite sets no target size): `bpf verifier is misconfigured`.
 */
function withSkNarrowReads(base: CtxRules): CtxRules {
  return {
    valid(off, size, write) {
      if (inRange(off, 169, 175)) return !write && off % size === 0 && narrowAccessOk(size, 4);
      return base.valid(off, size, write);
    },
    pointerField: (off) => (off === 168 ? "sock_common_or_null" : null),
    unconverted: (off) => inRange(off, 169, 175) || (base.unconverted?.(off) ?? false),
  };
}

/**
 * `skbTstampType`: the profile's __sk_buff has tstamp_type and hwtstamp (5.18+);
 * `ptrNarrowReject`: the bytes of the `sk` pointer after 168 are invalid (2025 fix)
 */
export function ctxRulesFor(progType: string, skbTstampType = true, ptrNarrowReject = true): CtxRules | null {
  if (progType !== "socket_filter") return RULES[progType] ?? null;
  const base = skbTstampType ? socketFilter : socketFilterOldTail;
  return ptrNarrowReject ? base : withSkNarrowReads(base);
}

export const MODELLED_PROG_TYPES = Object.keys(RULES);
