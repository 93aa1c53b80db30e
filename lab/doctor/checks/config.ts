/** lab.yaml: found, and valid. */
import { type Check, ok, warn } from "../types.js";

export const labConfigCheck: Check = {
  id: "lab-yaml",
  title: "lab.yaml",
  run: (context) => {
    const how = "the nearest lab.yaml in the current directory or above, through the config pipeline";
    if (context.labConfigError)
      return warn(context.labConfigError, how, "lab validate lab.yaml shows every problem");
    if (!context.lab || !context.labConfigFile)
      return warn(
        "none found here or above: no image ids, no default job",
        how,
        "run the lab from its checkout",
      );
    return ok(
      `${context.labConfigFile}: ${Object.keys(context.lab.images).length} images, default job ${context.lab.defaultJob.length} scenario(s)`,
      how,
    );
  },
};
