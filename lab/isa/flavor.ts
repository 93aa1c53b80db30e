/**
 * What the kernel's instruction printer (kernel/bpf/disasm.c, print_bpf_insn) knows in each kernel
 * line. An older printer shows a newer instruction the way its own code falls through (`BUG_ldx_91`,
 * `r1 /= r2` for sdiv, `if r0 (null) 0x0 goto pc+1` for may_goto), so a model of that kernel must
 * print the same.
 */
import { HELPER_COUNT_SINCE, HELPER_NAMES } from "./helpers.js";

export interface DisasmFlavor {
  /** 5.12: fetch/xchg/cmpxchg/and/or/xor atomics; before it every BPF_ATOMIC store prints `lock ... += rS` */
  atomics: boolean;
  /** 5.13: helper names only for src_reg 0, kfunc names through the verifier's callback */
  kfunc: boolean;
  /** ST | 0xc0 prints `nospec` (5.13, and the 5.10.y stable backport) */
  nospec: boolean;
  /** 6.6 (ISA v4): movsx `(s8)`, ldsx `s8`, `s/=` `s%=`, `bswapN`, `gotol` */
  isaV4: boolean;
  /** 6.9: `may_goto pc+N` */
  mayGoto: boolean;
  /** 6.9: `addr_space_cast(rS, A, B)` */
  addrSpaceCast: boolean;
  /** 6.10: internal `&(void __percpu *)(rS)` mov */
  percpuAddr: boolean;
  /** 6.15: `load_acquire((u32 *)(rS +0))`, `store_release(...)` */
  loadAcquire: boolean;
  /** __BPF_FUNC_MAX_ID: helper ids below it print by name */
  helperCount: number;
  /** ld_imm64 src_reg values whose value is hidden (printed as 0x0) without allow_ptr_leaks */
  ptrSrcs: readonly number[];
}

export const NEWEST_FLAVOR: DisasmFlavor = {
  atomics: true,
  kfunc: true,
  nospec: true,
  isaV4: true,
  mayGoto: true,
  addrSpaceCast: true,
  percpuAddr: true,
  loadAcquire: true,
  helperCount: HELPER_NAMES.length,
  ptrSrcs: [1, 2],
};

/** `5.10.223` -> [5, 10, 223]; "host"/unknown text -> null. */
export function parseRelease(release: string): number[] | null {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(release);
  if (!m) return null;
  return [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
}

function atLeast(v: number[], release: string): boolean {
  const w = parseRelease(release)!;
  for (let i = 0; i < 3; i++) if (v[i] !== w[i]) return v[i]! > w[i]!;
  return true;
}

/** The printer of kernel `release` (`5.10.223`, `6.1`, `6.12.117`); newest when the release is not a version. */
export function flavorFor(release: string | undefined): DisasmFlavor {
  const v = release === undefined ? null : parseRelease(release);
  if (!v) return NEWEST_FLAVOR;
  let helperCount = HELPER_COUNT_SINCE[0]![1];
  for (const [since, count] of HELPER_COUNT_SINCE) if (atLeast(v, since)) helperCount = count;
  return {
    atomics: atLeast(v, "5.12"),
    kfunc: atLeast(v, "5.13"),
    nospec: atLeast(v, "5.10.56"),
    isaV4: atLeast(v, "6.6"),
    mayGoto: atLeast(v, "6.9"),
    addrSpaceCast: atLeast(v, "6.9"),
    percpuAddr: atLeast(v, "6.10"),
    loadAcquire: atLeast(v, "6.15"),
    helperCount,
    ptrSrcs: [1, 2],
  };
}
