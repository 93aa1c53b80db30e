/** Real Debian kernels for arm64: cold and warm fetches, and a boot of each to the agent's hello. */
import t from "tap";
import { realArchiveSkip } from "./real-images.js";
import { fetchAndBoot } from "./resolve-boot.js";

const skip = await realArchiveSkip("arm64");

t.test("debian:5.10, 6.1 and 6.12 for arm64: fetched, cached, booted", { skip }, async (t) => {
  await fetchAndBoot(t, "arm64", 120_000);
});
