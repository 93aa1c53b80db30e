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
  t.equal(of("5.15.127", "+lsh32_sext_any_sign").lsh32SextAnySign, true);
  t.equal(of("5.10", "-lsh32_sext_any_sign").lsh32SextAnySign, false);
  t.equal(of("5.15.127", "+jset_forget_ranges").jsetForgetRanges, true);
  t.equal(of("6.1", "-jset_forget_ranges").jsetForgetRanges, false);
  t.equal(of("5.15.126", "+backtrack_end_neg").backtrackEndNeg, true);
  t.equal(of("5.15.126", "+backtrack_insn_iteration_fix").backtrackIterationFix, true);
  t.equal(of("5.15.127", "+ctx_ptr_narrow_reject").ctxPtrNarrowReject, true);
  t.equal(of("5.10", "+stx_reserved_in_do_check").stxReservedInDoCheck, true);
  t.equal(of("5.15.127", "-stx_reserved_in_do_check").stxReservedInDoCheck, false);
  t.equal(of("6.1", "-jmp_check_dst_first").jmpCheckDstFirst, false);
  t.equal(of("5.10", "+st_ctx_allowed").stCtxAllowed, true);
  t.equal(of("6.12", "-st_ctx_allowed").stCtxAllowed, false);
  t.equal(of("5.10", "+skb_tstamp_type").skbTstampType, true);
  t.equal(of("6.1", "-skb_tstamp_type").skbTstampType, false);
  t.equal(of("5.10", "-backtrack_insn_iteration_fix").backtrackIterationFix, false);
  t.equal(of("5.10", "-linked_regs_keep_subreg_def").linkedKeepSubregDef, false);
  t.equal(of("5.10", "-lsh32_sext_any_sign").lsh32SextAnySign, false);
  t.equal(of("5.10", "-jset_forget_ranges").jsetForgetRanges, false);
});

t.test("a point release takes its line's features at that release (stable backports it lacks)", async (t) => {
  const at = (version: string) => verifierFeaturesOf(resolveProfile(version));
  // Debian 5.10.223 (the arm64 cloud kernel this archive offers) predates four backports that 5.10.262 has
  const early = at("5.10.223");
  t.same(
    [early.backtrackIterationFix, early.linkedKeepSubregDef, early.lsh32SextAnySign, early.jsetForgetRanges],
    [false, false, false, false],
  );
  t.equal(early.precisionBackport, true, "5.10.223 has the 2023 precision backport");
  t.same(at("5.10.262"), verifierFeaturesOf(resolveProfile("5.10")), "5.10.262 is the line's representative");
  t.same(at("5.10.0-32-cloud-arm64"), at("5.10"), "a Debian ABI name names no point release");
  t.equal(at("5.10.239").backtrackIterationFix, true);
  t.equal(at("5.10.251").jsetForgetRanges, false);
  t.equal(at("6.1.71").backtrackIterationFix, false);
  t.equal(at("6.1.0-56-cloud-amd64").jsetForgetRanges, true, "6.1's representative is 6.1.192");
  // the pre-backport line is the 5.10.262 build with the three commits reverted: the later backports stay
  const pre = verifierFeaturesOf(resolveProfile("5.10-pre-backport"));
  t.equal(pre.precisionBackport, false);
  t.equal(pre.jsetForgetRanges, true);
  t.equal(at("5.10.190").jsetForgetRanges, false, "a real 5.10.190 lacks the later backports");
});
