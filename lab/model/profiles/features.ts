/**
 * The feature table: every behaviour of the kernel's verifier that differs between the kernel
 * lines the lab models, as data (like a hard-fork table of EIPs). A kernel line is a list of these
 * names (lines.ts); the verifier and the log writer ask `profile.features.has(name)`, never a
 * version number. Each row says where it was learnt: the file and function at the versions read,
 * and the upstream change that brought it. NOTES.md tells the same story in prose.
 *
 * Versions: `since` is the first mainline release with the behaviour; `backports` the first point
 * release of each stable line that received it (a bare "6.1" means every release of that line the
 * lab knows); `until` the first mainline release without it. Membership per line is computed by
 * featureInVersion().
 */

export const FEATURE_NAMES = [
  "log_rotate",
  "log_true_size",
  "print_scalar_keyword",
  "print_nonzero_attrs_only",
  "print_scratched_only",
  "print_insn_state_aligned",
  "print_compact_reg_state",
  "print_liveness_marks",
  "print_tnum_signed",
  "log_precision_level2",
  "log_precision_frame_prefix",
  "log_propagating_joined",
  "log_live_regs_table",
  "stats_stack_max",
  "log_stack_liveness_updates",
  "precision_backport",
  "prune_points_at_branches",
  "stack_zero_imprecise",
  "stack_spill_any_scalar",
  "stack_read_any_depth",
  "stack_read_scratch",
  "jmp_seq_e2big",
  "liveness_read_marks",
  "range_refine_v2",
  "jmp_check_dst_first",
  "st_ctx_allowed",
  "skb_tstamp_type",
  "div_mod_ranges",
  "retval_range_bounds",
  "linked_regs_add_const",
  "linked_regs_precision",
  "linked_regs_live_only",
  "linked_regs_delta_sync",
  "linked_regs_scratch_sync",
  "alu_nonconst_src_ranges",
  "bitwise_signed_from_unsigned",
  "alu_fork_sign_scalars",
  "memlock_charge",
  "retval_precise",
  "peak_states_max",
  "precision_backtrack_frames",
  "reg_bounds_sanity_check",
  "verifier_bug_prefix",
  "bound_offset_subreg_from_64",
  "tnum_mul_v2",
  "tnum_mul_long",
  "alu_mul_signed_ranges",
  "alu_add_sub_wrap_ranges",
  "bounds_s32_refine_simplified",
  "bounds_tnum_step",
  "alu_neg_ranges",
  "alu_bswap_ranges",
  "linked_regs_add_const_alu32",
  "backtrack_insn_iteration_fix",
  "linked_regs_keep_subreg_def",
  "lsh32_sext_any_sign",
  "jset_forget_ranges",
  "backtrack_end_neg",
  "ctx_ptr_narrow_reject",
  "stx_reserved_in_do_check",
] as const;

export type FeatureName = (typeof FEATURE_NAMES)[number];

export interface SourceRef {
  /** file in the kernel tree */
  file: string;
  /** function (or macro) to read */
  func: string;
  /** upstream commit subject, when known; otherwise a description of the change */
  change: string;
}

export interface FeatureInfo {
  name: FeatureName;
  /** what changes, in the lab's words */
  description: string;
  /** first mainline release with it */
  since: string;
  /** first point release of each stable line that received it ("6.1": the whole line) */
  backports: readonly string[];
  /** first mainline release without it (a behaviour that was later removed) */
  until?: string;
  source: SourceRef;
  /** how we know: which trees were read, what was measured */
  evidence: string;
}

const V = "kernel/bpf/verifier.c";
const LOG = "kernel/bpf/log.c";

export const FEATURES: Readonly<Record<FeatureName, FeatureInfo>> = {
  log_rotate: {
    name: "log_rotate",
    description:
      "the log buffer rotates (keeps the newest bytes) instead of truncating; ENOSPC when the log ever needed more than the buffer, even if the final log is short; resets keep working after the buffer filled",
    since: "6.4",
    backports: [],
    source: {
      file: LOG,
      func: "bpf_verifier_vlog, bpf_vlog_reset, bpf_vlog_finalize",
      change: "bpf: switch BPF verifier log to be a rotating log by default",
    },
    evidence:
      "5.10.262 and 6.1.192: verifier.c/log.c truncate (len_used, bpf_verifier_log_full); 6.12.117, 7.2.13: log.c rotates; host 6.18 measured",
  },
  log_true_size: {
    name: "log_true_size",
    description:
      "bpf_attr.log_true_size returns the bytes the whole log needed (with its NUL), the maximum over resets",
    since: "6.4",
    backports: [],
    source: {
      file: LOG,
      func: "bpf_vlog_update_len_max, bpf_vlog_finalize",
      change: "bpf: add log_true_size output field to return necessary log buffer size",
    },
    evidence: "6.12.117 source; host 6.18 measured (level 1 Slurm-3: 1707 while the final log is 98 bytes)",
  },
  print_scalar_keyword: {
    name: "print_scalar_keyword",
    description:
      "a scalar prints as `scalar(...)` and a known constant as the bare number (`R2_w=2`); before, `inv(...)` and `inv2`",
    since: "5.18",
    backports: [],
    source: {
      file: V,
      func: "print_verifier_state, reg_type_str",
      change: 'SCALAR_VALUE renamed from "inv" to "scalar" in the log (between 5.15 and 6.1)',
    },
    evidence:
      '5.10.262 and a 5.15 tree print reg_type_str[SCALAR_VALUE] = "inv"; 6.1.192 prints "scalar" and omits it for constants',
  },
  print_nonzero_attrs_only: {
    name: "print_nonzero_attrs_only",
    description:
      "register attributes print only when set (`id=` when non-zero) with short names (`smin=`, `umax=`, `s32_min=`); before, `(id=0,...` always and `smin_value=`, `s32_min_value=`",
    since: "6.0",
    backports: [],
    source: {
      file: V,
      func: "print_verifier_state (verbose_a macro)",
      change: "comma-separated attribute list printing only non-default fields (between 5.15 and 6.1)",
    },
    evidence:
      '5.10.262/5.15: `verbose(env, "(id=%d", reg->id)`; 6.1.192: verbose_a("id=%d") only if reg->id, names smin/smax/umin/umax/s32_min...',
  },
  print_scratched_only: {
    name: "print_scratched_only",
    description:
      "at level 2 the state after an instruction lists only the registers and stack slots it touched (scratched); a full state prints on branch entry",
    since: "5.17",
    backports: [],
    source: {
      file: V,
      func: "print_verifier_state(print_all), reg_scratched, mark_verifier_state_clean",
      change: "bpf: Only print scratched registers and stack slots to verifier logs.",
    },
    evidence: "absent in 5.10.262 and the 5.15 tree; present in 6.1.192 and later",
  },
  print_insn_state_aligned: {
    name: "print_insn_state_aligned",
    description:
      "the state after an instruction is appended to the instruction's line after `;`, padded to a column (BPF_LOG_ALIGNMENT 40, steps of 8); before, it was a separate `N: R...` line",
    since: "5.17",
    backports: [],
    source: {
      file: V,
      func: "print_insn_state, vlog_alignment",
      change: "bpf: Right align verifier states in verifier logs.",
    },
    evidence: "6.1.192 verifier.c print_insn_state; 6.12 log.c; host 6.18 measured",
  },
  print_compact_reg_state: {
    name: "print_compact_reg_state",
    description:
      "register state prints compactly: `ctx()` (off=0/imm=0 omitted), equal bounds merged (`smin=smin32=0`), numbers above 0xffff (unsigned) or outside s16 (signed) in hex, spilled registers printed in full inside stack slots",
    since: "6.6",
    backports: [],
    source: {
      file: LOG,
      func: "print_reg_state, print_scalar_ranges, verbose_snum, tnum_strn",
      change:
        "verifier log: register state printing moved to log.c, default fields omitted, scalar ranges merged, smart decimal/hex numbers",
    },
    evidence:
      "6.1.192 prints `ctx(off=0,imm=0)` and separate ranges; 6.12.117 log.c print_reg_state; host 6.18 measured",
  },
  print_liveness_marks: {
    name: "print_liveness_marks",
    description:
      "register and stack slot names carry liveness marks (`R1_r`, `R2_w`, `fp-8_rw`, `D` for done)",
    since: "4.20",
    backports: [],
    until: "6.18",
    source: {
      file: LOG,
      func: "print_liveness",
      change: "register chain based liveness (REG_LIVE_*) removed in favour of a separate liveness analysis",
    },
    evidence:
      "present in 5.10.262, 6.1.192, 6.12.117 (also in real Debian 5.10/6.1/6.12 logs); absent in 7.2.13 and in host 6.18 logs",
  },
  print_tnum_signed: {
    name: "print_tnum_signed",
    description:
      "tnum_strn prints a known constant in signed decimal when it fits s16 (so -1 prints as -1, not 0xffffffffffffffff)",
    since: "7.0",
    backports: [],
    source: {
      file: LOG,
      func: "tnum_strn",
      change: "tnum_strn: signed decimal for small negative constants",
    },
    evidence: "7.2.13 log.c has the is_snum_decimal branch; 6.12.117 does not; not observed on host 6.18",
  },
  log_precision_level2: {
    name: "log_precision_level2",
    description:
      "precision backtracking lines (`last_idx`, `regs=... before`, `parent ... marks`) print only at log level 2; before, at level 1 too",
    since: "5.17",
    backports: [],
    source: {
      file: V,
      func: "backtrack_insn, __mark_chain_precision",
      change: "bpf: Only output backtracking information in log level 2",
    },
    evidence: "5.10.262: `if (env->log.level & BPF_LOG_LEVEL)`; 6.1.192: BPF_LOG_LEVEL2",
  },
  log_precision_frame_prefix: {
    name: "log_precision_frame_prefix",
    description:
      "backtracking lines read `mark_precise: frame0: last_idx N first_idx N subseq_idx N `, `mark_precise: frame0: regs=r2,r4 stack= before N: ...`, `mark_precise: frame0: parent state regs=... stack=...: <state>`; before, `last_idx N first_idx N`, `regs=4 stack=0 before N: ...` (hex masks) and `parent didn't have regs=...`/`parent already had regs=...`",
    since: "6.5",
    backports: [],
    source: {
      file: V,
      func: "backtrack_insn, __mark_chain_precision, fmt_reg_mask, fmt_stack_mask",
      change: "bpf: improve precision backtrack logging (and subseq_idx in the last_idx line)",
    },
    evidence:
      "6.1.192 and 5.10.262 old form; 6.12.117 and 7.2.13 new form; host 6.18 measured; same series as precision_backtrack_frames (bpf-next April 2023, 6.5; also taken by 6.4.y)",
  },
  log_propagating_joined: {
    name: "log_propagating_joined",
    description:
      "at a pruning hit, `frame 0: propagating r2,r4` is one line listing all registers; before, one `frame 0: propagating rN` line per register",
    since: "6.4",
    backports: [],
    source: {
      file: V,
      func: "propagate_precision",
      change: "bpf: improve precision propagation logging (one line per frame)",
    },
    evidence:
      "6.1.192: verbose per register with \\n; 6.12.117: `first` flag and a single line; host 6.18 measured",
  },
  log_live_regs_table: {
    name: "log_live_regs_table",
    description:
      "level 2 starts with a `Live regs before insn:` table (one line per instruction with its live registers) after `func#0 @0`",
    since: "6.15",
    backports: [],
    source: {
      file: "kernel/bpf/liveness.c (verifier.c before)",
      func: "compute_live_registers",
      change: "bpf: compute live registers before the main verification pass, printed at level 2",
    },
    evidence: "absent in 6.12.117; present in 7.2.13 and host 6.18 (measured)",
  },
  stats_stack_max: {
    name: "stats_stack_max",
    description:
      "level 4 prints `stack depth N max M` and an `insns processed N` line; before, just `stack depth N[+N...]`",
    since: "7.0",
    backports: [],
    source: {
      file: V,
      func: "print_verification_stats",
      change: "stats: stack depth max and per-subprog processed insns",
    },
    evidence: "7.2.13 source; 6.12.117 and host 6.18 (measured: `stack depth 0`) lack it",
  },
  log_stack_liveness_updates: {
    name: "log_stack_liveness_updates",
    description:
      "level 2 prints the stack liveness pass at each exit: `(0) frame 0 insn 7 +written -32`, ..., `(0) live stack update done in 2 iterations`",
    since: "6.18",
    backports: [],
    until: "7.0",
    source: {
      file: "kernel/bpf/liveness.c",
      func: "stack liveness update (6.18)",
      change: "stack slot liveness computed by a separate dataflow pass, logged at level 2",
    },
    evidence: "host 6.18 measured; absent in 6.12.117 and in 7.2.13's liveness.c",
  },
  precision_backport: {
    name: "precision_backport",
    description:
      "precision marks are not set in the current state and are forgotten at every checkpoint, and programs with subprogs get precision tracking: backtracking runs (and, at level 1 before 5.17, prints) on every precision request; state equivalence no longer looks at the current register's precise mark (before: an imprecise old scalar matched only an imprecise current one)",
    since: "6.3",
    backports: ["5.10.191", "5.15.127", "6.1"],
    source: {
      file: V,
      func: "__mark_chain_precision, mark_all_scalars_imprecise, is_state_visited",
      change:
        "bpf: stop setting precise in current state; bpf: aggressively forget precise markings during state checkpointing; bpf: allow precision tracking for programs with subprogs",
    },
    evidence:
      "5.10.262 and 6.1.192 have mark_all_scalars_imprecise called from is_state_visited; FACTS: not in 5.15.126, in 5.15.127",
  },
  prune_points_at_branches: {
    name: "prune_points_at_branches",
    description:
      "prune points (where states are checked and checkpoints added) are the conditional jumps themselves and unconditional jump targets; before, jump targets, the instruction after a jump/call, and the jump itself",
    since: "6.3",
    backports: ["6.1"],
    source: {
      file: V,
      func: "visit_insn, mark_prune_point (init_explored_state before)",
      change: "bpf: remove unnecessary prune and jump points",
    },
    evidence:
      "5.10.262: init_explored_state on branch targets and t+1; 6.1.192 (Debian): mark_prune_point(env, t) on conditional jumps",
  },
  stack_zero_imprecise: {
    name: "stack_zero_imprecise",
    description:
      "a zero filled from STACK_ZERO slots (or a spilled zero) is an imprecise constant; before, reading STACK_ZERO marked the register precise",
    since: "6.8",
    backports: [],
    source: {
      file: V,
      func: "__mark_reg_const_zero, check_stack_write_fixed_off, check_stack_read_fixed_off",
      change: "bpf: track aligned STACK_ZERO cases as imprecise spilled registers",
    },
    evidence: "5.10.262/6.1.192: mark_reg_stack_read sets precise = true; 6.12.117: precise = !bpf_capable",
  },
  stack_spill_any_scalar: {
    name: "stack_spill_any_scalar",
    description:
      "an aligned store of any scalar register (unbounded or zero too) or any BPF_ST immediate (zero too) is a spill that keeps the register state, taking a scalar id first; narrower fills of a spill copy it (ids cut when the value does not fit), a fill of spilled zero bytes is zero, and spills/fills are recorded in the jump history for precision backtracking; before, only bounded non-zero scalars and non-zero immediates were spilled (zero registers and immediates wrote STACK_ZERO, unbounded ones STACK_MISC) and only full 8-byte fills restored them",
    since: "6.8",
    backports: [],
    source: {
      file: V,
      func: "check_stack_write_fixed_off, check_stack_read_fixed_off, backtrack_insn",
      change:
        "bpf: track aligned STACK_ZERO cases as imprecise spilled registers; bpf: support non-r10 register spill/fill to/from stack in precision tracking; bpf: preserve constant zero when doing partial register restore",
    },
    evidence:
      "5.10.262 and 6.1.192: register_is_bounded && !register_is_null; 6.12.117: reg->type == SCALAR_VALUE, insn_stack_access_flags",
  },
  stack_read_any_depth: {
    name: "stack_read_any_depth",
    description:
      "with uninitialized stack reads allowed (root), a read may reach any offset down to -512 and grows the stack; before, a read below the allocated stack is `invalid read from stack R10 off=N size=N` and only writes grow it",
    since: "6.3",
    backports: ["6.1"],
    source: {
      file: V,
      func: "check_stack_slot_within_bounds, check_stack_access_within_bounds, grow_stack_state",
      change: "bpf: allow reads from uninit stack",
    },
    evidence:
      "5.10.262: min_valid_off = -allocated_stack for reads, realloc in check_stack_write_fixed_off; 6.1.192: `t == BPF_WRITE || env->allow_uninit_stack`, grow_stack_state in the bounds check",
  },
  stack_read_scratch: {
    name: "stack_read_scratch",
    description:
      "a stack read marks its slot scratched, so the state printed after a fill lists the slot; before, only writes did",
    since: "6.8",
    backports: [],
    source: {
      file: V,
      func: "check_stack_read_fixed_off, mark_reg_stack_read",
      change: "mark_stack_slot_scratched on stack reads",
    },
    evidence: "6.1.192: mark_stack_slot_scratched only in the write paths; 6.12.117: also in both read paths",
  },
  jmp_seq_e2big: {
    name: "jmp_seq_e2big",
    description:
      "more than 8192 pending branches (`The sequence of 8193 jumps is too complex.`) fails with E2BIG; before, EFAULT",
    since: "7.0",
    backports: ["6.12"],
    source: {
      file: V,
      func: "push_stack",
      change: "push_stack returns -E2BIG for the jump-sequence limit (2025 bpf change, taken by 6.12.y)",
    },
    evidence:
      "5.10.262, 6.1.192: goto err -> -EFAULT from the caller; 6.12.117: err = -E2BIG; 7.2.13: ERR_PTR(-E2BIG); measured with 8200 chained `if r2 > k goto pc+0`: Debian 6.12.117 E2BIG, Debian 5.10 and host 6.18 EFAULT",
  },
  memlock_charge: {
    name: "memlock_charge",
    description:
      "programs and maps are charged to RLIMIT_MEMLOCK before verification: over the limit the load fails with EPERM and an empty log; from 5.11 the memory cgroup is charged instead",
    since: "4.4",
    backports: [],
    until: "5.11",
    source: {
      file: "kernel/bpf/syscall.c",
      func: "bpf_prog_charge_memlock / bpf_map_charge_init",
      change:
        "bpf: charge user for creation of BPF maps and programs (4.4); removed by the memcg-based accounting series (5.11)",
    },
    evidence:
      "Debian 5.10.0-46 under QEMU: RLIMIT_MEMLOCK 0 -> EPERM for a 28-insn cgroup_device program and an array-map socket filter; Debian 6.1, 6.12 and host 6.18 accept both (scenarios/memlock.yaml)",
  },
  liveness_read_marks: {
    name: "liveness_read_marks",
    description:
      "read marks propagate up the parent chain; `mark_read` in the stats line counts the longest walk. Without it, mark_read is always 0",
    since: "4.20",
    backports: [],
    until: "6.18",
    source: {
      file: V,
      func: "mark_reg_read, print_verification_stats (longest_mark_read_walk)",
      change: "register chain based liveness removed",
    },
    evidence:
      "host 6.18: mark_read 0 on every program measured; 6.12.117 mark_reg_read updates longest_mark_read_walk",
  },
  range_refine_v2: {
    name: "range_refine_v2",
    description:
      "branch refinement works on both operands through one regs_refine_cond_op: `!=` against a constant at a range edge moves the edge (`if r5 != 0x0` leaves umin=1 on the taken side), register-register comparisons narrow both, and 32/64-bit bounds are derived from each other more completely (__reg_deduce_mixed_bounds); before, reg_set_min_max refined only against constants and `!=` learnt nothing on the taken side",
    since: "6.8",
    backports: [],
    source: {
      file: V,
      func: "reg_set_min_max, regs_refine_cond_op, is_scalar_branch_taken, __reg_deduce_bounds",
      change:
        "the 2023 register-bounds rework (range refinement generalized to register-register comparisons)",
    },
    evidence:
      "5.10.262 and 6.1.192: is_branch_taken, reg_set_min_max and the deduce functions are identical between them; 6.12.117: regs_refine_cond_op; real logs: `from 8 to 11` of the Slurm program prints R5=scalar(umax=4294967295,...) on Debian 6.1 and R5=scalar(smin=umin=umin32=1,...) on Debian 6.12 and the host",
  },
  jmp_check_dst_first: {
    name: "jmp_check_dst_first",
    description:
      "a conditional jump checks its destination register before its source, so with both uninitialized `R<dst> !read_ok` is reported; before, the source was checked first",
    since: "6.0",
    backports: [],
    source: {
      file: V,
      func: "check_cond_jmp_op",
      change: "operand checks reordered so packet-pointer comparisons can look at dst first",
    },
    evidence:
      "5.10.262 and a 5.15 tree: check_reg_arg(src) before check_reg_arg(dst); 6.1.192 and 6.12.117: dst first",
  },
  st_ctx_allowed: {
    name: "st_ctx_allowed",
    description:
      "BPF_ST (store of an immediate) into the context is checked like any other store; before, it was refused outright: `BPF_ST stores into R1 ctx is not allowed` (EACCES)",
    since: "6.3",
    backports: [],
    source: {
      file: V,
      func: "do_check (BPF_ST), do_check_insn",
      change: "bpf: allow ctx writes using BPF_ST_MEM instruction",
    },
    evidence:
      "5.10.262 and 6.1.192: is_ctx_reg check in the BPF_ST branch of do_check; gone in 6.12.117 and 7.2.13; Debian 5.10 under QEMU: every BPF_ST to a cgroup_device or socket_filter ctx (any offset and size) gives that message",
  },
  skb_tstamp_type: {
    name: "skb_tstamp_type",
    description:
      "struct __sk_buff has tstamp_type (u8 at 180, then padding) and hwtstamp (at 184): a socket filter's load at 180-183 is an invalid context access; before, those bytes were the padding after gso_size, a narrow load there passed the walk and the rewrite pass failed with `bpf verifier is misconfigured` (EINVAL)",
    since: "5.18",
    backports: [],
    source: {
      file: "net/core/filter.c, include/uapi/linux/bpf.h",
      func: "bpf_skb_is_valid_access, bpf_convert_ctx_access (convert_ctx_accesses in verifier.c)",
      change: "__sk_buff hwtstamp (5.16) and tstamp_type (5.18) fields, with their own access rules",
    },
    evidence:
      "5.10.262 uapi __sk_buff ends with gso_size (sizeof 184); Debian 5.10 under QEMU: `r2 = *(u8 *)(r1 +180)` etc. in a socket filter give `bpf verifier is misconfigured` after processing the whole program; 6.1.192 has tstamp_type/hwtstamp and refuses those offsets",
  },
  div_mod_ranges: {
    name: "div_mod_ranges",
    description:
      "BPF_DIV/BPF_MOD keep a range (r2 /= 3 of a u32 stays bounded); before, the result is an unknown scalar",
    since: "7.0",
    backports: [],
    source: {
      file: V,
      func: "scalar_min_max_udiv, scalar_min_max_sdiv, scalar_min_max_umod",
      change: "range tracking for division and modulo",
    },
    evidence: "7.2.13 source; 6.12.117 has none; host 6.18 measured: `r2 /= 3` prints R2=scalar()",
  },
  retval_range_bounds: {
    name: "retval_range_bounds",
    description:
      "the exit check compares R0's smin/smax with the allowed range (retval_range_within) and says `At program exit the register R0 has smin=N smax=N should have been in [0, 1]`; before, tnum_in(range, var_off) and `... has value (0x10000; 0xfffeffff) should have been in (0x0; 0x1)` (`has unknown scalar value` when unknown)",
    since: "6.8",
    backports: [],
    source: {
      file: V,
      func: "check_return_code, verbose_invalid_scalar, retval_range_within",
      change: "return value ranges as [min, max] (struct bpf_retval_range)",
    },
    evidence:
      "5.10.262 inline message and 6.1.192 verbose_invalid_scalar print tnums; 6.12.117 and 7.2.13 print smin/smax; real: Debian 6.1 and host 6.18 messages in the differential test",
  },
  linked_regs_precision: {
    name: "linked_regs_precision",
    description:
      "a conditional jump records the registers linked to the compared ones (same scalar id) in the jump history, and precision backtracking marks them all precise together (`regs=r2,r7` before the jump and every instruction before it); before, the legacy backtracking followed only the compared registers",
    since: "6.10",
    backports: [],
    source: {
      file: V,
      func: "collect_linked_regs, push_insn_history (linked_regs), bt_sync_linked_regs in backtrack_insn",
      change: "bpf: track find_equal_scalars history on per-instruction level",
    },
    evidence:
      "Debian linux-source-6.12 (6.12.117) and 7.2.13 read; real: the differential test's mark_precise lines on Debian 6.12 and the host 6.18",
  },
  linked_regs_live_only: {
    name: "linked_regs_live_only",
    description:
      "a conditional jump links only the registers live before it (compute_live_registers): a dead register with the same id is neither refined nor made precise with the others",
    since: "7.0",
    backports: ["6.18"],
    source: {
      file: V,
      func: "collect_linked_regs (live_regs_before of the frame's instruction)",
      change:
        "bpf: collect only live registers in linked regs (early 2026; the first mainline and 6.18.y releases with it were not pinned down)",
    },
    evidence:
      "absent in 6.12.117, present in 7.2.13; host 6.18.44 measured: the differential test's mark_precise and state lines match with it and not without",
  },
  linked_regs_delta_sync: {
    name: "linked_regs_delta_sync",
    description:
      "when a jump refines a register linked at another delta (`r7 = r2; r7 += 4`), the copied range plus the delta is zero-extended for 32-bit links and re-synced (reg_bounds_sync), and mixed 32/64-bit links are skipped; before, only the add was applied",
    since: "7.0",
    backports: ["6.18"],
    source: {
      file: V,
      func: "sync_linked_regs (zext_32_to_64, reg_bounds_sync after the delta add)",
      change: "bpf: sync_linked_regs fixes for BPF_ADD_CONST links (2026; first releases not pinned down)",
    },
    evidence:
      "6.12.117 adds the delta only; 7.2.13 zero-extends and syncs; host 6.18.44 measured: the differential test's state lines match with it and not without",
  },
  linked_regs_scratch_sync: {
    name: "linked_regs_scratch_sync",
    description:
      "the registers a jump syncs are marked scratched (printed in the jump's state line at level 1), and the linked set is collected before the branch is decided, so ids over the six-entry limit are dropped even on a decided branch",
    since: "7.0",
    backports: [],
    source: {
      file: V,
      func: "sync_linked_regs (mark_reg_scratched), check_cond_jmp_op (collect before is_branch_taken)",
      change: "7.x check_cond_jmp_op with env->true_reg/false_reg copies",
    },
    evidence:
      "read in 7.2.13; absent in 6.12.117; host 6.18.44 measured without it (with it 63 of 1000 level-1 logs differ)",
  },
  linked_regs_add_const: {
    name: "linked_regs_add_const",
    description:
      "`r6 = r5; r6 += -100` keeps r6 linked to r5 (id|BPF_ADD_CONST with the delta in off, printed `id=1-100`) and a branch on one refines the other; before, any ALU operation on a scalar cleared its id",
    since: "6.11",
    backports: [],
    source: {
      file: V,
      func: "adjust_reg_min_max_vals, sync_linked_regs (find_equal_scalars before)",
      change: "linked registers that differ by a constant (BPF_ADD_CONST)",
    },
    evidence:
      "5.10.262: adjust_reg_min_max_vals sets dst_reg->id = 0 for every scalar ALU op; 6.1.192 has no BPF_ADD_CONST; 6.12.117 sets it for BPF_ADD of a constant; host 6.18 prints id=1-100",
  },
  alu_nonconst_src_ranges: {
    name: "alu_nonconst_src_ranges",
    description:
      "XOR, OR and MUL by a non-constant register keep computed bounds (is_safe_to_compute_dst_reg_range); before, only ADD, SUB and AND did, and any other op with a non-constant source made the result unknown",
    since: "6.10",
    backports: [],
    source: {
      file: V,
      func: "adjust_scalar_min_max_vals, is_safe_to_compute_dst_reg_range",
      change: "scalar ranges for bitwise/mul ops with non-constant sources",
    },
    evidence:
      "5.10.262 and 6.1.192: `if (!src_known && opcode != BPF_ADD && opcode != BPF_SUB && opcode != BPF_AND)` -> unknown; 6.12.117: is_safe_to_compute_dst_reg_range",
  },
  bitwise_signed_from_unsigned: {
    name: "bitwise_signed_from_unsigned",
    description:
      "AND/OR/XOR derive signed bounds from the unsigned result whenever it does not cross the sign boundary; before, only when both operands were known non-negative (else s64/s32 unbounded)",
    since: "6.8",
    backports: [],
    source: {
      file: V,
      func: "scalar(32)_min_max_and, _or, _xor",
      change: "signed bounds of bitwise ops from the unsigned range",
    },
    evidence:
      "5.10.262 = 6.1.192 (`if (dst_reg->smin_value < 0 || smin_val < 0)` loses signed bounds); 6.12.117: `(s64)umin <= (s64)umax`",
  },
  alu_fork_sign_scalars: {
    name: "alu_fork_sign_scalars",
    description:
      "`r &= K` / `r |= K` on a scalar in [-1, 0] (64- or 32-bit) forks the state: the current path continues with -1 and a pending branch at the same instruction holds 0 (`from 3 to 3:`), so processed and states grow",
    since: "6.18",
    backports: ["6.12"],
    source: {
      file: V,
      func: "maybe_fork_scalars (called from adjust_scalar_min_max_vals)",
      change: "fork [-1, 0] scalars on AND/OR with a constant (2025 change, taken by 6.12.y)",
    },
    evidence:
      "absent in 5.10.262 and 6.1.192; present in 6.12.117 and 7.2.13; host 6.18 measured (`r2 s>>= 63; r2 &= 5` logs `from 3 to 3: ... R2=0`)",
  },
  retval_precise: {
    name: "retval_precise",
    description:
      "the exit check marks R0 precise (mark_chain_precision) before comparing it with the allowed return range, so backtracking runs from every exit of a program type with a return range; before, R0's value was checked without a precision mark",
    since: "6.8",
    backports: [],
    source: {
      file: V,
      func: "check_return_code",
      change: "bpf: enforce precision of R0 on program/async callback return (eabe518de533)",
    },
    evidence:
      "5.10.262 and 6.1.192 check_return_code: tnum_in without mark_chain_precision; 6.12.117, 6.18.35 and 7.2.13 call mark_chain_precision(env, regno); bpf-next Dec 2023 (the 6.8 series with `enforce precise retval range on program exit`)",
  },
  peak_states_max: {
    name: "peak_states_max",
    description:
      "peak_states is the maximum ever reached of explored + free-list states (update_peak_states), and a checkpoint evicted for too many misses goes to a free list until no state refers to it; before, peak_states was a counter (+1 per added state, -1 per freed one) and an evicted state was freed at once when done",
    since: "6.15",
    backports: [],
    source: {
      file: V,
      func: "update_peak_states, maybe_free_verifier_state, is_state_visited",
      change:
        "bpf: free verifier states when they are no longer referenced; bpf: fix env->peak_states computation (574078b001cd); 6.17 adds back-edges to the count",
    },
    evidence:
      "5.10.262, 6.1.192, 6.12.117: env->peak_states++/--; 6.18.35: update_peak_states over explored_states_size + free_list_size + num_backedges; 7.2.13 states.c the same; the series is in the 6.15 BPF pull request",
  },
  precision_backtrack_frames: {
    name: "precision_backtrack_frames",
    description:
      "precision backtracking keeps one register/stack mask per frame for all requested registers at once (struct backtrack_state), jump history only at jump points, and propagate_precision marks the whole parent chain in one pass; before, __mark_chain_precision walked one register at a time and is_state_visited ran at every instruction to record history",
    since: "6.5",
    backports: [],
    source: {
      file: V,
      func: "__mark_chain_precision, backtrack_insn, propagate_precision, is_state_visited",
      change:
        "bpf: maintain bitmasks across all active frames in __mark_chain_precision (1ef22b6865a7) and the rest of the `precision propagation for subprogs and callbacks` series",
    },
    evidence:
      "5.10.262 and 6.1.192 (even with the 2023 precision backport) have the single-register walk; 6.12.117 has struct backtrack_state; posted April 2023 for bpf-next, in 6.5, also taken by the 6.4.y stable series",
  },
  reg_bounds_sanity_check: {
    name: "reg_bounds_sanity_check",
    description:
      "after ALU ops, loads and branch refinement the verifier checks that the bounds are consistent and rejects with `REG INVARIANTS VIOLATION (alu): ...` when not; before, inconsistent bounds went unnoticed",
    since: "6.8",
    backports: [],
    source: {
      file: V,
      func: "reg_bounds_sanity_check",
      change: "bpf: add register bounds sanity checks and sanitization (5f99f312bd3b)",
    },
    evidence:
      "absent in 5.10.262 and 6.1.192; present in 6.12.117, 6.18.35 and 7.2.13; same November 2023 series as range_refine_v2",
  },
  verifier_bug_prefix: {
    name: "verifier_bug_prefix",
    description:
      "internal-error messages such as the bounds sanity check go through verifier_bug() and start with `verifier bug: `; before, the bare message",
    since: "6.16",
    backports: [],
    source: {
      file: "include/linux/bpf_verifier.h",
      func: "verifier_bug, verifier_bug_if",
      change: "bpf: WARN_ONCE on verifier bugs (Paul Chaignon, in the 6.16 BPF pull request)",
    },
    evidence:
      '6.12.117: verbose(env, "REG INVARIANTS VIOLATION ..."); 6.18.35 and 7.2.13: verifier_bug(env, "REG INVARIANTS VIOLATION ...") with the `verifier bug: ` prefix',
  },
  bound_offset_subreg_from_64: {
    name: "bound_offset_subreg_from_64",
    description:
      "__reg_bound_offset intersects the 32-bit range with the low half of the already-refined 64-bit tnum; before, with the low half of the old var_off, so the subregister lost what the 64-bit range had just taught",
    since: "6.3",
    backports: ["6.1"],
    source: {
      file: V,
      func: "__reg_bound_offset",
      change: "bpf: Fix __reg_bound_offset 64->32 var_off subreg propagation (7be14c1c9030)",
    },
    evidence:
      "5.10.262: tnum_subreg(reg->var_off); 6.1.192: tnum_subreg(var64_off); a March 2023 bpf fix, in the May 2023 stable reviews (6.2.15-rc1 lists it; 6.1.y took it then); not in the 5.10.y line; 5.15.107 and 5.15.135 have the old __reg_bound_offset (the 5.15 lines lack it)",
  },
  tnum_mul_v2: {
    name: "tnum_mul_v2",
    description:
      "tnum_mul accumulates the value product and the masks (the 2021 provably sound algorithm); before, two half-multiply-accumulate passes (hma)",
    since: "5.14",
    backports: [],
    source: {
      file: "kernel/bpf/tnum.c",
      func: "tnum_mul (hma before)",
      change: "bpf, tnums: Provably sound, faster, and more precise algorithm for tnum_mul (05924717ac70)",
    },
    evidence:
      "5.10.262 tnum.c has hma(); 5.15.107, 5.15.135 and 6.1.192 the 2021 algorithm; merged to bpf-next June 2021 (5.14). The model reads it alone (hmaTnumMul): the 5.15 lines multiply the 2021 way",
  },
  tnum_mul_long: {
    name: "tnum_mul_long",
    description:
      "tnum_mul is a long multiplication over the bits of the first operand, taking the union of both partial products when a bit is unknown; before, the 2021 value/mask accumulation",
    since: "6.18",
    backports: [],
    source: {
      file: "kernel/bpf/tnum.c",
      func: "tnum_mul, tnum_union",
      change: "bpf: Improve the general precision of tnum_mul (1df7dad4d5c4)",
    },
    evidence:
      "6.12.117 tnum.c has the 2021 algorithm; 6.18.35 and 7.2.13 the long multiplication; bpf-next August 2025",
  },
  alu_mul_signed_ranges: {
    name: "alu_mul_signed_ranges",
    description:
      "BPF_MUL bounds come from the products of the signed and unsigned range ends (unbounded only on overflow); before, only operands known small and non-negative kept a range",
    since: "6.14",
    backports: [],
    source: {
      file: V,
      func: "scalar_min_max_mul, scalar32_min_max_mul",
      change: "bpf, verifier: Improve precision of BPF_MUL (9aa0ebde0014)",
    },
    evidence:
      "5.10.262, 6.1.192, 6.12.117: `if (smin_val < 0 || dst_reg->smin_value < 0)` gives up; 6.18.35 and 7.2.13 multiply the range ends with overflow checks; merged December 2024. The model switches it with the other 6.13-6.18 bounds changes (see bounds_tnum_step)",
  },
  alu_add_sub_wrap_ranges: {
    name: "alu_add_sub_wrap_ranges",
    description:
      "BPF_ADD/BPF_SUB keep an unsigned range when both ends overflow (wrap) together; before, any possible overflow made the unsigned range unbounded",
    since: "6.17",
    backports: [],
    source: {
      file: V,
      func: "scalar_min_max_add, scalar_min_max_sub (and the 32-bit ones)",
      change: "bpf, verifier: Improve precision for BPF_ADD and BPF_SUB (7a998a731627)",
    },
    evidence:
      "6.12.117: `if (dst_reg->umin_value + umin_val < umin_val || ...)` unbounded; 6.18.35 and 7.2.13 check both ends; listed in the 6.17 BPF pull request",
  },
  bounds_s32_refine_simplified: {
    name: "bounds_s32_refine_simplified",
    description:
      "__reg_deduce_mixed_bounds no longer tightens the 64-bit ranges from an s32 range that is a valid u32 range (the extra s32 -> u64/s64 step); bounds deduction runs a third round instead",
    since: "6.17",
    backports: [],
    source: {
      file: V,
      func: "__reg_deduce_mixed_bounds, reg_bounds_sync",
      change:
        "bpf: Simplify bounds refinement from s32; bpf: Add third round of bounds deduction (Paul Chaignon)",
    },
    evidence:
      "6.12.117 has the `s32 -> u64 tightening` block; 6.18.35 does not; both commits are in the 6.17 BPF pull request",
  },
  bounds_tnum_step: {
    name: "bounds_tnum_step",
    description:
      "__update_reg64_bounds uses tnum_step to find when the u64 range and the tnum meet in a single value and makes the register that constant",
    since: "7.0",
    backports: ["6.18"],
    source: {
      file: V,
      func: "__update_reg64_bounds, tnum_step",
      change: "bpf: Improve bounds when tnum has a single possible value (efc11a667878)",
    },
    evidence:
      "absent in 6.12.117; present in 7.2.13 and in 6.18.35 (a stable backport; the 6.19.y one lists it as `Stable-dep-of`, March 2026); host 6.18 measured. The model switches the 6.13-6.18 bounds changes together (alu_mul_signed_ranges, alu_add_sub_wrap_ranges, bounds_s32_refine_simplified, this): a line with range_refine_v2 that lacks any of them gets the 6.12 behaviour of all four",
  },
  alu_neg_ranges: {
    name: "alu_neg_ranges",
    description:
      "BPF_NEG of a scalar keeps a range (computed as 0 - x); before, the result was an unknown scalar",
    since: "6.17",
    backports: [],
    source: {
      file: V,
      func: "adjust_scalar_min_max_vals, is_safe_to_compute_dst_reg_range",
      change: "bpf: Add range tracking for BPF_NEG (aced132599b3)",
    },
    evidence:
      "6.12.117: BPF_NEG marks the register unknown; 6.18.35 and 7.2.13 compute it with scalar_min_max_sub; bpf-next June 2025 (6.17 pull request)",
  },
  alu_bswap_ranges: {
    name: "alu_bswap_ranges",
    description:
      "BPF_END (byte swaps, le/be conversions) keeps the swapped tnum and the truncation; before, the result was an unknown scalar",
    since: "7.0",
    backports: ["6.18"],
    source: {
      file: V,
      func: "scalar_byte_swap, tnum_bswap16/32/64",
      change: "bpf: Add bitwise tracking for BPF_END (9d2119984224)",
    },
    evidence:
      "absent in 6.12.117; in 7.2.13 and 6.18.35 (stable backport, a dependency of bounds_tnum_step). The model switches BPF_NEG and BPF_END tracking together: a line lacking either gets neither",
  },
  linked_regs_add_const_alu32: {
    name: "linked_regs_add_const_alu32",
    description:
      "linking after `rX += K` also works for 32-bit adds (BPF_ADD_CONST32, zero-extended when synced) and negative K; before (6.11-6.12), only 64-bit adds of a non-negative K kept the link",
    since: "7.0",
    backports: ["6.18"],
    source: {
      file: V,
      func: "adjust_reg_min_max_vals, sync_linked_regs",
      change:
        "bpf: linked register tracking for negative offsets and alu32 (Puranjay Mohan; BPF_ADD_CONST64/BPF_ADD_CONST32)",
    },
    evidence:
      "6.12.117: `if (... dst_reg->off < 0 ...)` only BPF_ADD of ALU64 with a non-negative constant; 6.18.35 and 7.2.13 have BPF_ADD_CONST32/64; posted February 2026",
  },
  backtrack_insn_iteration_fix: {
    name: "backtrack_insn_iteration_fix",
    description:
      "precision backtracking leaves a state when get_prev_insn_idx runs out of its jump history at the state's first instruction; before, it stopped at the first instruction the first time it met it, so a state that loops back to its own first instruction was cut short",
    since: "6.7",
    backports: ["5.10.239", "6.1.72"],
    source: {
      file: V,
      func: "get_prev_insn_idx, __mark_chain_precision",
      change: "bpf: fix precision backtracking instruction iteration",
    },
    evidence:
      "5.10.223 (Debian, bullseye) breaks on `i == first_idx`; 5.10.262 returns -ENOENT from get_prev_insn_idx; Debian changelogs: stable 5.10.239, 6.1.72. Debian 5.10.223 arm64 under QEMU measured",
  },
  linked_regs_keep_subreg_def: {
    name: "linked_regs_keep_subreg_def",
    description:
      "a scalar that takes a linked register's range after a conditional jump keeps its own subreg_def (its `_w` write mark and zero-extension need); before, it took the known register's",
    since: "6.12",
    backports: ["5.10.232", "6.1.121"],
    source: {
      file: V,
      func: "find_equal_scalars (5.10, 6.1), sync_linked_regs",
      change: "bpf: sync_linked_regs() must preserve subreg_def (CVE-2024-53125)",
    },
    evidence:
      "5.10.223 copies the whole register state; 5.10.262 saves and restores subreg_def; Debian changelogs: stable 5.10.232, 6.1.121, 6.11.6",
  },
  lsh32_sext_any_sign: {
    name: "lsh32_sext_any_sign",
    description:
      "a 64-bit left shift by exactly 32 takes smin/smax from the s32 bounds shifted up whatever their sign; before, only a non-negative s32 bound carried over (else S64_MIN/S64_MAX)",
    since: "6.19",
    backports: ["5.10.252", "6.1.165", "6.12.75", "6.18"],
    source: {
      file: V,
      func: "__scalar64_min_max_lsh",
      change: "bpf: verifier improvement in 32bit shift sign extension pattern (posted November 2025)",
    },
    evidence:
      "5.10.223 keeps `dst_reg->s32_max_value >= 0`; 5.10.262 and 6.1.192 drop it; Debian changelogs: stable 5.10.252, 6.1.165, 6.12.75; the host 6.18 agrees with the model that has it (mainline release not confirmed here)",
  },
  jset_forget_ranges: {
    name: "jset_forget_ranges",
    description:
      "the false branch of JSET forgets the register's ranges before narrowing its tnum (so a dead branch cannot hold umin > umax); before, the old ranges stayed beside the narrowed tnum",
    since: "6.17",
    backports: ["5.10.253", "6.1.167", "6.12.43"],
    source: {
      file: V,
      func: "reg_set_min_max (5.10, 6.1), regs_refine_cond_op (6.12+)",
      change: "bpf: Forget ranges when refining tnum after JSET (CVE-2025-39748)",
    },
    evidence:
      "5.10.223 has no __mark_reg_unbounded in the JSET case and prints umin_value=65536,umax_value=32767 on a dead branch (Debian 5.10.223 arm64 under QEMU); 5.10.262 has it; Debian changelogs: stable 5.10.253, 6.1.167, 6.12.43",
  },
  backtrack_end_neg: {
    name: "backtrack_end_neg",
    description:
      "precision backtracking treats BPF_END and BPF_NEG as using only their destination; before, a byte swap to big endian (BPF_TO_BE is the BPF_X bit) took the generic `dst op= src` path and added its unused src_reg (r0) to the registers to make precise",
    since: "6.7",
    backports: ["5.10.202", "6.1.64"],
    source: {
      file: V,
      func: "backtrack_insn",
      change: "bpf: Fix precision tracking for BPF_ALU | BPF_TO_BE | BPF_END (Shung-Hsi Yu, November 2023)",
    },
    evidence:
      "5.10.262, 6.1.192, 6.12.117: `if (opcode == BPF_END || opcode == BPF_NEG)` in backtrack_insn; absent in 5.15.135; Debian changelogs: 5.10.202, 6.1.64",
  },
  ctx_ptr_narrow_reject: {
    name: "ctx_ptr_narrow_reject",
    description:
      "socket filters: every byte of __sk_buff's `sk` pointer field (168-175) is valid only as the 8-byte read at 168; before, only offset 168 itself was the pointer field, so a narrow read at 169-175 went through as an ordinary u32 field (a scalar) and was accepted when it rounds down to 168, or failed the rewrite (`bpf verifier is misconfigured`, EINVAL) when it rounds to 172",
    since: "6.17",
    backports: ["5.10.249", "6.1.162", "6.12.67"],
    source: {
      file: "net/core/filter.c",
      func: "bpf_skb_is_valid_access, convert_ctx_accesses",
      change:
        "bpf: Reject narrower access to pointer ctx fields (CVE-2025-38591; mainline version not confirmed here)",
    },
    evidence:
      "5.10.262: `case bpf_ctx_range_ptr(struct __sk_buff, sk)`; 5.15.135: `case offsetof(struct __sk_buff, sk)`; Debian changelogs: 5.10.249, 6.1.162, 6.12.67",
  },
  stx_reserved_in_do_check: {
    name: "stx_reserved_in_do_check",
    description:
      "`BPF_STX uses reserved fields` (a non-MEM/ATOMIC mode or a non-zero imm) is found by the main walk, after the instructions before it were logged; before, by the pass over all instructions that resolves ld_imm64 (after check_subprogs' `func#0`, before the cfg check and the walk), so it wins over cfg errors and is found in unreachable code too",
    since: "5.12",
    backports: [],
    source: {
      file: V,
      func: "do_check (resolve_pseudo_ldimm64 before)",
      change: "bpf: Rename BPF_XADD and prepare to encode other atomics in .imm",
    },
    evidence:
      "5.10.262 resolve_pseudo_ldimm64 checks BPF_STX mode and imm; 5.15.135 and 6.1.192 check them in do_check",
  },
};

/** `a.b.c` as a comparable triple; "7.x" style and extra suffixes are tolerated. */
export function versionTriple(version: string): [number, number, number] {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(version);
  if (!m) return [0, 0, 0];
  return [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
}

export function compareVersions(a: string, b: string): number {
  const x = versionTriple(a);
  const y = versionTriple(b);
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
}

/** Whether a kernel of `version` (major.minor.patch) has the feature, from the table's ranges. */
export function featureInVersion(feature: FeatureInfo, version: string): boolean {
  if (feature.until !== undefined && compareVersions(version, feature.until) >= 0) return false;
  if (compareVersions(version, feature.since) >= 0) return true;
  const [major, minor, patch] = versionTriple(version);
  return feature.backports.some((entry) => {
    const [bMajor, bMinor, bPatch] = versionTriple(entry);
    if (bMajor !== major || bMinor !== minor) return false;
    const wholeLine = entry.split(".").length === 2;
    return wholeLine || patch >= bPatch;
  });
}
