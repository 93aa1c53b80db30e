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
