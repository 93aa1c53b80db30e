import t from "tap";
import { closestMatch, didYouMean, editDistance } from "../../lab/config/did-you-mean.js";

t.test("edit distance counts insertions, deletions, substitutions and swaps as one", async (t) => {
  t.equal(editDistance("programs", "programs"), 0);
  t.equal(editDistance("progams", "programs"), 1);
  t.equal(editDistance("modle", "model"), 1);
  t.equal(editDistance("", "abc"), 3);
  t.equal(editDistance("kitten", "sitting"), 3);
});

t.test("a suggestion only within a typo's reach", async (t) => {
  t.equal(closestMatch("log_lvl", ["log_level", "log_size"]), "log_level");
  t.equal(closestMatch("LOG_SIZE", ["log_level", "log_size"]), "log_size");
  t.equal(closestMatch("zzzz", ["log_level", "log_size"]), undefined);
  t.equal(didYouMean("qemo", ["model", "host", "qemu"]), ' (did you mean "qemu"?)');
  t.equal(didYouMean("x", []), "");
});
