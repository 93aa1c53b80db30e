/* IMPORTANT
 * This snapshot file is auto-generated, but designed for humans.
 * It should be checked into source control and tracked carefully.
 * Re-generate by setting TAP_SNAPSHOT=1 and running tests.
 * Make sure to inspect the output below.  Do not ignore changes!
 */
'use strict'
exports[`test/model/profiles/features.test.ts > TAP > the feature x line table > must match snapshot 1`] = `
Object {
  "5.10": Array [
    "print_liveness_marks",
    "precision_backport",
    "liveness_read_marks",
  ],
  "5.10-pre-backport": Array [
    "print_liveness_marks",
    "liveness_read_marks",
  ],
  "5.15.126": Array [
    "print_liveness_marks",
    "liveness_read_marks",
  ],
  "5.15.127": Array [
    "print_liveness_marks",
    "precision_backport",
    "liveness_read_marks",
  ],
  "6.1": Array [
    "print_scalar_keyword",
    "print_nonzero_attrs_only",
    "print_scratched_only",
    "print_insn_state_aligned",
    "print_liveness_marks",
    "log_precision_level2",
    "precision_backport",
    "prune_points_at_branches",
    "liveness_read_marks",
  ],
  "6.12": Array [
    "log_rotate",
    "log_true_size",
    "print_scalar_keyword",
    "print_nonzero_attrs_only",
    "print_scratched_only",
    "print_insn_state_aligned",
    "print_compact_reg_state",
    "print_liveness_marks",
    "log_precision_level2",
    "log_precision_frame_prefix",
    "log_propagating_joined",
    "precision_backport",
    "prune_points_at_branches",
    "stack_zero_imprecise",
    "jmp_seq_e2big",
    "liveness_read_marks",
  ],
  "7.x": Array [
    "log_rotate",
    "log_true_size",
    "print_scalar_keyword",
    "print_nonzero_attrs_only",
    "print_scratched_only",
    "print_insn_state_aligned",
    "print_compact_reg_state",
    "print_tnum_signed",
    "log_precision_level2",
    "log_precision_frame_prefix",
    "log_propagating_joined",
    "log_live_regs_table",
    "stats_stack_max",
    "precision_backport",
    "prune_points_at_branches",
    "stack_zero_imprecise",
    "jmp_seq_e2big",
  ],
  "host": Array [
    "log_rotate",
    "log_true_size",
    "print_scalar_keyword",
    "print_nonzero_attrs_only",
    "print_scratched_only",
    "print_insn_state_aligned",
    "print_compact_reg_state",
    "log_precision_level2",
    "log_precision_frame_prefix",
    "log_propagating_joined",
    "log_live_regs_table",
    "log_stack_liveness_updates",
    "precision_backport",
    "prune_points_at_branches",
    "stack_zero_imprecise",
    "jmp_seq_e2big",
  ],
}
`
