import t from "tap";
import {
  compareVersions,
  expandRange,
  parseNumberComparisons,
  parseRange,
  parseSize,
  parseVersion,
  parseVersionComparisons,
} from "../../lab/config/scalars.js";

t.test("ranges: FROM..TO and FROM..TO:STEP", async (t) => {
  t.same(expandRange(parseRange("1..5")!), [1, 2, 3, 4, 5]);
  t.same(expandRange(parseRange("1..64:8")!), [1, 9, 17, 25, 33, 41, 49, 57]);
  t.same(expandRange(parseRange(" 3 .. 3 ")!), [3]);
  t.equal(parseRange("5..1"), null, "TO below FROM");
  t.equal(parseRange("1..5:0"), null, "zero step");
  t.equal(parseRange("1-5"), null);
  t.equal(parseRange("a..b"), null);
});

t.test("sizes: bytes or k/M/G (powers of 1024)", async (t) => {
  t.equal(parseSize(8192), 8192);
  t.equal(parseSize("64k"), 65536);
  t.equal(parseSize("8M"), 8 * 1024 * 1024);
  t.equal(parseSize("16MiB"), 16 * 1024 * 1024);
  t.equal(parseSize("1G"), 1024 ** 3);
  t.equal(parseSize("8q"), null);
  t.equal(parseSize(-1), null);
  t.equal(parseSize(1.5), null);
});

t.test("versions compare on the parts both have", async (t) => {
  t.same(parseVersion("5.15.127-amd64"), [5, 15, 127]);
  t.same(parseVersion("6.1"), [6, 1]);
  t.equal(parseVersion("host"), null);
  t.same(parseVersion("7"), [7]);
  t.ok(compareVersions([6, 12, 1], [6, 4]) > 0);
  t.equal(compareVersions([6, 1, 170], [6, 1]), 0);
  t.ok(compareVersions([5, 15, 126], [5, 15, 127]) < 0);
});

t.test("comparisons on versions and numbers", async (t) => {
  t.same(parseVersionComparisons(">=6.4"), [{ op: ">=", value: [6, 4] }]);
  t.same(parseVersionComparisons(">=5.15 <6.4"), [
    { op: ">=", value: [5, 15] },
    { op: "<", value: [6, 4] },
  ]);
  t.same(parseVersionComparisons("5.15.127"), [{ op: "=", value: [5, 15, 127] }]);
  t.equal(parseVersionComparisons("debian:6.1"), null);
  t.same(parseVersionComparisons("<7"), [{ op: "<", value: [7] }]);
  t.same(parseNumberComparisons(">=23"), [{ op: ">=", value: 23 }]);
  t.same(parseNumberComparisons(">= 23"), [{ op: ">=", value: 23 }]);
  t.same(parseNumberComparisons("8..32"), [
    { op: ">=", value: 8 },
    { op: "<=", value: 32 },
  ]);
  t.equal(parseNumberComparisons("lots"), null);
  t.equal(parseNumberComparisons(""), null);
});
