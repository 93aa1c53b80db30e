/** The Debian archive the lab will use: lab.yaml's override, else the machine's apt sources. */
import { resolveArchiveConfig } from "../../../images/debian/suites.js";
import { readAptSources } from "../../config/apt-sources.js";
import { type Check, missing, ok } from "../types.js";

export const aptCheck: Check = {
  id: "apt",
  title: "Debian archive",
  run: (context) => {
    const how = "/etc/apt/sources.list, sources.list.d/*.list and *.sources (deb822), lab.yaml archive:";
    const sources = readAptSources();
    const listed = sources.map((s) => `${s.uri} ${s.suites.join(" ")} (${s.origin})`);
    let resolved: { archive: string; security: string } | null = null;
    try {
      const override = context.lab?.archive;
      resolved = resolveArchiveConfig({
        ...(override?.debian ? { archive: override.debian } : {}),
        ...(override?.security ? { security: override.security } : {}),
      });
    } catch {}
    if (!resolved) {
      return missing(
        `no Debian archive among ${sources.length} apt source(s)${listed.length ? `: ${listed.join("; ")}` : ""}`,
        how,
        "add a Debian deb source under /etc/apt/sources.list.d/, or set archive: { debian: URL } in lab.yaml",
      );
    }
    const from = context.lab?.archive.debian ? "lab.yaml" : "apt sources";
    return ok(
      `archive ${resolved.archive}, security ${resolved.security} (from ${from}); apt sources: ${listed.join("; ")}`,
      how,
    );
  },
};
