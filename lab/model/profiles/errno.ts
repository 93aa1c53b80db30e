/**
 * The errno a kernel returns for each kind of rejection. Most kinds are the same on every line
 * the lab models (read at each version's return statement next to the message); where a feature
 * changes one, the rule names the feature. The message is the log's reason line (printf form).
 */
import type { FeatureName } from "./features.js";

export type Errno = "EINVAL" | "EACCES" | "EFAULT" | "E2BIG" | "ENOSPC" | "EPERM" | "ENOMEM";

export type RejectionKind =
  | "too_many_insns_processed"
  | "jmp_seq_too_complex"
  | "log_overflow"
  | "log_attr_invalid"
  | "jump_out_of_range"
  | "back_edge"
  | "unreachable_insn"
  | "infinite_loop"
  | "invalid_opcode"
  | "reserved_fields"
  | "invalid_shift"
  | "div_by_zero"
  | "exit_r0_not_scalar"
  | "exit_r0_out_of_range"
  | "reg_not_init"
  | "frame_pointer_readonly"
  | "invalid_ctx_access"
  | "invalid_mem_access"
  | "pointer_arith_prohibited"
  | "pointer_comparison_prohibited";

export interface ErrnoRule {
  kind: RejectionKind;
  /** the log's reason line, printf style, as the kernel prints it */
  message: string;
  errno: Errno;
  /** when this feature is on, the errno is `withFeature[1]` instead */
  withFeature?: readonly [FeatureName, Errno];
}

export const ERRNO_RULES: Readonly<Record<RejectionKind, ErrnoRule>> = {
  too_many_insns_processed: {
    kind: "too_many_insns_processed",
    message: "BPF program is too large. Processed %d insn",
    errno: "E2BIG",
  },
  jmp_seq_too_complex: {
    kind: "jmp_seq_too_complex",
    message: "The sequence of %d jumps is too complex.",
    errno: "EFAULT",
    withFeature: ["jmp_seq_e2big", "E2BIG"],
  },
  log_overflow: { kind: "log_overflow", message: "(none: the log buffer was too small)", errno: "ENOSPC" },
  log_attr_invalid: {
    kind: "log_attr_invalid",
    message: "(none: log_level/log_buf/log_size disagree)",
    errno: "EINVAL",
  },
  jump_out_of_range: {
    kind: "jump_out_of_range",
    message: "jump out of range from insn %d to %d",
    errno: "EINVAL",
  },
  back_edge: { kind: "back_edge", message: "back-edge from insn %d to %d", errno: "EINVAL" },
  unreachable_insn: { kind: "unreachable_insn", message: "unreachable insn %d", errno: "EINVAL" },
  infinite_loop: { kind: "infinite_loop", message: "infinite loop detected at insn %d", errno: "EINVAL" },
  invalid_opcode: { kind: "invalid_opcode", message: "unknown opcode %02x", errno: "EINVAL" },
  reserved_fields: { kind: "reserved_fields", message: "BPF_%s uses reserved fields", errno: "EINVAL" },
  invalid_shift: { kind: "invalid_shift", message: "invalid shift %d", errno: "EINVAL" },
  div_by_zero: { kind: "div_by_zero", message: "div by zero", errno: "EINVAL" },
  exit_r0_not_scalar: {
    kind: "exit_r0_not_scalar",
    message: "At program exit the register R0 is not a known value (%s)",
    errno: "EINVAL",
  },
  exit_r0_out_of_range: {
    kind: "exit_r0_out_of_range",
    message: "At program exit the register R0 has ...",
    errno: "EINVAL",
  },
  reg_not_init: { kind: "reg_not_init", message: "R%d !read_ok", errno: "EACCES" },
  frame_pointer_readonly: {
    kind: "frame_pointer_readonly",
    message: "frame pointer is read only",
    errno: "EACCES",
  },
  invalid_ctx_access: {
    kind: "invalid_ctx_access",
    message: "invalid bpf_context access off=%d size=%d",
    errno: "EACCES",
  },
  invalid_mem_access: { kind: "invalid_mem_access", message: "R%d invalid mem access '%s'", errno: "EACCES" },
  pointer_arith_prohibited: {
    kind: "pointer_arith_prohibited",
    message: "R%d pointer arithmetic on %s prohibited",
    errno: "EACCES",
  },
  pointer_comparison_prohibited: {
    kind: "pointer_comparison_prohibited",
    message: "R%d pointer comparison prohibited",
    errno: "EACCES",
  },
};

/** The errno for a rejection kind under a feature set. */
export function errnoFor(kind: RejectionKind, features: ReadonlySet<FeatureName>): Errno {
  const rule = ERRNO_RULES[kind];
  if (rule.withFeature && features.has(rule.withFeature[0])) return rule.withFeature[1];
  return rule.errno;
}
