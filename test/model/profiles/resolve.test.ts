import t from "tap";
import type { LabError } from "../../../lab/errors.js";
import { lineForVersion, resolveProfile } from "../../../lab/model/profiles/resolve.js";

t.test("point releases resolve to their line", async (t) => {
  const cases: Array<[string, string]> = [
    ["6.1.192", "6.1"],
    ["6.1.0-28-cloud-amd64", "6.1"],
    ["5.15.100", "5.15.126"],
    ["5.15.126", "5.15.126"],
    ["5.15.127", "5.15.127"],
    ["5.15.167", "5.15.127"],
    ["5.10.190", "5.10-pre-backport"],
    ["5.10.191", "5.10"],
    ["5.10.223", "5.10"],
    ["5.10.0-30-cloud-amd64", "5.10"],
    ["6.12.117", "6.12"],
    ["6.12.100+deb12-cloud-amd64", "6.12"],
    ["7.0", "7.x"],
    ["7.2.13", "7.x"],
    ["6.18.44-fc-v669", "host"],
    ["host", "host"],
    ["5.10-pre-backport", "5.10-pre-backport"],
    ["7.x", "7.x"],
  ];
  for (const [version, line] of cases) t.equal(lineForVersion(version), line, version);
});

t.test("a profile carries its line's facts", async (t) => {
  const p = resolveProfile("6.1.192");
  t.equal(p.id, "6.1");
  t.equal(p.release, "6.1.192");
  t.equal(p.modelOnly, false);
  t.ok(p.features.has("precision_backport"));
  t.notOk(p.features.has("log_rotate"));
  t.equal(p.errnoFor("jmp_seq_too_complex"), "EFAULT");
  t.equal(resolveProfile("6.12.117").errnoFor("jmp_seq_too_complex"), "E2BIG");
  t.equal(resolveProfile("5.15.127").modelOnly, true);
  t.equal(resolveProfile("host").errnoFor("reg_not_init"), "EACCES");
  // measured: 8200 chained conditional jumps fail with EFAULT on the host 6.18 and Debian 5.10, E2BIG on Debian 6.12.117
  t.equal(resolveProfile("host").errnoFor("jmp_seq_too_complex"), "EFAULT");
  t.equal(resolveProfile("5.10.223").errnoFor("jmp_seq_too_complex"), "EFAULT");
});

t.test("toggles switch features and name the profile", async (t) => {
  const p = resolveProfile("5.15.127", "-precision_backport, +log_rotate");
  t.notOk(p.features.has("precision_backport"));
  t.ok(p.features.has("log_rotate"));
  t.equal(p.id, "5.15.127-precision_backport+log_rotate");
  t.same(p.toggles, ["-precision_backport", "+log_rotate"]);
  t.ok(resolveProfile("6.1", "log_rotate").features.has("log_rotate"), "a bare name switches on");
});

function caught(fn: () => unknown): LabError {
  try {
    fn();
  } catch (e) {
    return e as LabError;
  }
  throw new Error("expected a throw");
}

t.test("unknown versions and features are LAB_ARGS_INVALID naming the value", async (t) => {
  for (const bad of ["5.4.0", "6.6.10", "banana", "4.19.1"]) {
    const err = caught(() => resolveProfile(bad));
    t.equal(err.code, "LAB_ARGS_INVALID", bad);
    t.match(err.message, bad);
    t.match(err.hint ?? "", /5\.10-pre-backport.*5\.15\.127.*host/);
  }
  const err = caught(() => resolveProfile("6.1", "+log_rotat"));
  t.equal(err.code, "LAB_ARGS_INVALID");
  t.match(err.message, 'did you mean "log_rotate"');
});
