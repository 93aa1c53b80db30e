/**
 * The 5.15 lines are model-only; what separates them from 5.10.262 is partly 5.10.y stable fixes of
 * 2023-2025 that 5.15.126/5.15.127 predate (features.ts: jset_forget_ranges, lsh32_sext_any_sign,
 * backtrack_end_neg) and partly 5.12's move of the BPF_STX field check into the walk. Each hand
 * program (test/fixtures/model/stable-fixes.ts) was loaded on Debian 5.10 under QEMU
 * (stable-fixes-hand.json): the model's 5.10 gives that log byte for byte, the model's 5.15.127 with
 * the feature toggled to 5.10's side gives it too (5.15 prints like 5.10), and its own profile a
 * different log, the one the 5.15 source implies.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import t from "tap";
import { createModelBackend } from "../../../lab/model/backend.js";
import { STABLE_FIX_PROGRAMS, stableFixProgram } from "../../fixtures/model/stable-fixes.js";

interface Case {
  feature: string;
  release: string;
  verdict: string;
  errno: string | null;
  log: string;
}

const here = dirname(fileURLToPath(import.meta.url));
const { cases } = JSON.parse(
  readFileSync(join(here, "../../fixtures/model/stable-fixes-hand.json"), "utf8"),
) as { cases: Case[] };

/** what the 5.15 log shows instead (from the 5.15.135 tree's source) */
const AS_515: Record<string, RegExp> = {
  // the JSET false branch keeps umin 2 beside the narrowed var_off
  jset_forget_ranges: /^5: .*R2_w=inv\(id=0,umin_value=2,umax_value=3,var_off=\(0x2; 0x1\)\)/m,
  // s32 bounds [-5, -2] are negative: smin/smax become S64_MIN/S64_MAX (not printed)
  lsh32_sext_any_sign:
    /^4: .*R2_w=inv\(id=0,umin_value=18446744039349813248,umax_value=18446744069414584320,/m,
  // be16's unused src_reg r0 joins the mask
  backtrack_end_neg: /^regs=5 stack=0 before 1: \(57\) r2 &= 255$/m,
  // the read passes the walk as a u32 field; the rewrite has no case for offset 172
  ctx_ptr_narrow_reject: /^bpf verifier is misconfigured$/m,
  // found by the walk, after the first instruction's trace
  stx_reserved_in_do_check: /^1: \(7b\) \*\(u64 \*\)\(r10 -8\) = r0\nBPF_STX uses reserved fields$/m,
};

/** the toggle that gives 5.15.127 the 5.10 behaviour: the stable fixes are turned on, the 5.12 change off */
const TO_510: Record<string, string> = {
  jset_forget_ranges: "+jset_forget_ranges",
  lsh32_sext_any_sign: "+lsh32_sext_any_sign",
  backtrack_end_neg: "+backtrack_end_neg",
  ctx_ptr_narrow_reject: "+ctx_ptr_narrow_reject",
  stx_reserved_in_do_check: "-stx_reserved_in_do_check",
};

const load = async (kernel: string, features: string | undefined, feature: string) => {
  const backend = await createModelBackend({ kernel, features });
  const c = STABLE_FIX_PROGRAMS.find((p) => p.feature === feature)!;
  return backend.load({ program: stableFixProgram(c), logLevel: 2, logSize: 1 << 20, statsReload: false });
};

t.equal(cases.length, STABLE_FIX_PROGRAMS.length, "one captured answer per program");
for (const c of cases) {
  t.test(c.feature, async (t) => {
    t.match(c.release, /^5\.10\./);
    const m510 = await load("5.10", undefined, c.feature);
    t.equal(m510.log, c.log, "model 5.10 = Debian 5.10");
    t.equal(m510.errno, c.errno);
    const as510 = await load("5.15.127", TO_510[c.feature], c.feature);
    t.equal(as510.log, c.log, `model 5.15.127 ${TO_510[c.feature]} = Debian 5.10`);
    const own = await load("5.15.127", undefined, c.feature);
    t.not(own.log, c.log, "model 5.15.127 differs");
    t.match(own.log, AS_515[c.feature]!, "as the 5.15 source says");
    if (c.feature === "ctx_ptr_narrow_reject") t.equal(own.errno, "EINVAL", "misconfigured, not EACCES");
    else t.equal(own.errno, c.errno, "same verdict");
  });
}
