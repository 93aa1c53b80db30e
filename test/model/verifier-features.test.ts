/**
 * The VerifierFeatures record each kernel line resolves to (lab/model/backend.ts verifierFeaturesOf),
 * pinned as a snapshot: the record is computed from the profile's feature set alone, so a change
 * to the feature table or to the mapping shows here line by line. Also: each record-level switch
 * follows its profile feature when toggled with `--features`. The printer release is compared by
 * the instruction printer it selects (lab/isa/flavor.ts).
 */
import t from "tap";
import { flavorFor } from "../../lab/isa/flavor.js";
import { verifierFeaturesOf } from "../../lab/model/backend.js";
import { LINE_IDS, resolveProfile } from "../../lab/model/profiles/index.js";

t.test("the VerifierFeatures record of every line", async (t) => {
  for (const line of LINE_IDS) {
    const record = verifierFeaturesOf(resolveProfile(line));
    // the printer release matters by the instruction printer it selects
    t.matchSnapshot({ ...record, disasmKernel: flavorFor(record.disasmKernel) }, line);
  }
});

t.test("the record depends on the features alone, not on the line's name", async (t) => {
  for (const line of LINE_IDS) {
    const profile = resolveProfile(line);
    for (const other of LINE_IDS) {
      t.same(
        verifierFeaturesOf({ ...profile, line: other }),
        verifierFeaturesOf(profile),
        `${line} named ${other}`,
      );
    }
  }
});

t.test("every switch follows its feature under --features toggles", async (t) => {
  const of = (line: string, toggles: string) => verifierFeaturesOf(resolveProfile(line, toggles));
  t.equal(of("host", "-retval_precise").returnPrecision, false);
  t.equal(of("6.1", "+retval_precise").returnPrecision, true);
  t.equal(of("host", "-peak_states_max").peakStatesMax, false);
  t.equal(of("6.12", "+peak_states_max").peakStatesMax, true);
  t.equal(of("host", "-range_refine_v2").legacyBounds, true);
  t.equal(of("host", "-precision_backtrack_frames").legacyPrecision, true);
  t.equal(of("6.1", "+precision_backtrack_frames").legacyPrecision, false);
  for (const name of [
    "alu_mul_signed_ranges",
    "alu_add_sub_wrap_ranges",
    "bounds_s32_refine_simplified",
    "bounds_tnum_step",
  ]) {
    t.equal(of("host", `-${name}`).bounds612, true, `-${name} gives the 6.12 bounds`);
  }
  t.equal(of("6.1", "-bounds_tnum_step").bounds612, false, "pre-6.8 bounds stay legacy");
  t.equal(of("5.10", "+bound_offset_subreg_from_64").bounds510, false);
  t.equal(of("6.1", "-bound_offset_subreg_from_64").bounds510, true);
  t.equal(of("host", "-alu_neg_ranges").negEndTracking, false);
  t.equal(of("host", "-alu_bswap_ranges").negEndTracking, false);
  t.equal(of("host", "-verifier_bug_prefix").sanityCheck, "plain");
  t.equal(of("host", "-reg_bounds_sanity_check").sanityCheck, "none");
  t.equal(of("6.1", "+reg_bounds_sanity_check").sanityCheck, "plain");
  t.equal(of("host", "-alu_fork_sign_scalars").forkScalars, false);
  t.equal(of("host", "-tnum_mul_long").oldTnumMul, true);
  t.equal(of("host", "-linked_regs_add_const_alu32").addConstLink64Only, true);
  t.equal(of("6.12", "+linked_regs_add_const_alu32").addConstLink64Only, false);
  t.equal(of("6.12", "-jmp_seq_e2big").jmpSeqErrno, "EFAULT");
  // the 5.15 lines: the 2021 tnum_mul, none of the later 5.10.y/6.1.y fixes
  t.equal(of("5.15.126", "").hmaTnumMul, false);
  t.equal(of("5.10", "").hmaTnumMul, true);
  t.equal(of("5.15.127", "-tnum_mul_v2").hmaTnumMul, true);
  t.equal(of("5.15.127", "+lsh32_negative_bounds").lsh32NegativeBounds, true);
  t.equal(of("5.10", "-lsh32_negative_bounds").lsh32NegativeBounds, false);
  t.equal(of("5.15.127", "+jset_forget_ranges").jsetForgetRanges, true);
  t.equal(of("6.1", "-jset_forget_ranges").jsetForgetRanges, false);
  t.equal(of("5.15.126", "+backtrack_end_neg").backtrackEndNeg, true);
  t.equal(of("5.15.126", "+backtrack_first_idx_history").backtrackFirstIdxHistory, true);
  t.equal(of("5.15.127", "+ctx_ptr_narrow_reject").ctxPtrNarrowReject, true);
  t.equal(of("5.10", "+stx_reserved_in_do_check").stxReservedInDoCheck, true);
  t.equal(of("5.15.127", "-stx_reserved_in_do_check").stxReservedInDoCheck, false);
  t.equal(of("6.1", "-jmp_check_dst_first").jmpCheckDstFirst, false);
  t.equal(of("5.10", "+st_ctx_allowed").stCtxAllowed, true);
  t.equal(of("6.12", "-st_ctx_allowed").stCtxAllowed, false);
  t.equal(of("5.10", "+skb_tstamp_type").skbTstampType, true);
  t.equal(of("6.1", "-skb_tstamp_type").skbTstampType, false);
});
