import { spawnSync } from "node:child_process";
import t from "tap";
import { compareDebianVersions } from "../../../images/debian/version.js";

const PAIRS: Array<[string, string]> = [
  ["6.1.170-3", "6.1.176-1"],
  ["6.1.180-1~deb11u1", "6.1.180-1"],
  ["6.12.117-1~deb12u1", "6.12.117-1"],
  ["6.12.95-1~bpo12+1", "6.12.100-1~deb12u1"],
  ["1:1.35.0-4+deb12u1+b1", "1:1.30.1-6+b3"],
  ["1.0~rc1", "1.0"],
  ["1.0", "1.0+b1"],
  ["1.0a", "1.0+"],
  ["2:0.1", "1:9.9"],
  ["5.10.223-1", "5.10.223-1"],
  ["1.0-1", "1.0-1~"],
  ["0010", "9"],
  ["1.2.3", "1.2.3.0"],
  ["a~~", "a~"],
  ["7.2.13-1", "6.12.117-1"],
];

const hasDpkg = spawnSync("dpkg", ["--version"]).status === 0;

t.test(
  "orders versions as dpkg --compare-versions does",
  { skip: hasDpkg ? false : "dpkg is not installed" },
  async (t) => {
    for (const [a, b] of PAIRS) {
      const ours = Math.sign(compareDebianVersions(a, b));
      const lt = spawnSync("dpkg", ["--compare-versions", a, "lt", b]).status === 0;
      const eq = spawnSync("dpkg", ["--compare-versions", a, "eq", b]).status === 0;
      const dpkg = lt ? -1 : eq ? 0 : 1;
      t.equal(ours, dpkg, `${a} vs ${b}`);
      t.equal(Math.sign(compareDebianVersions(b, a)), -dpkg, `${b} vs ${a}`);
    }
  },
);

t.test("tilde sorts before everything, even the end", async (t) => {
  t.ok(compareDebianVersions("6.1.164-1~deb11u1", "6.1.164-1") < 0);
  t.ok(compareDebianVersions("1.0~", "1.0") < 0);
  t.equal(compareDebianVersions("1:1.0", "1:1.0"), 0);
});
