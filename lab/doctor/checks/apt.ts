/** The Debian archive the lab will use, picked as the images code picks it (images/resolve.ts). */
import { archiveFromEnv } from "../../../images/options.js";
import { archiveConfigFor } from "../../../images/resolve.js";
import { readAptSources } from "../../config/apt-sources.js";
import { type Check, missing, ok } from "../types.js";

export const aptCheck: Check = {
  id: "apt",
  title: "Debian archive",
  run: (context) => {
    const how =
      "$LAB_DEBIAN_ARCHIVE/$LAB_DEBIAN_SECURITY, lab.yaml archive:, else /etc/apt/sources.list, sources.list.d/*.list and *.sources (deb822)";
    const sources = readAptSources();
    const listed = sources.map((s) => `${s.uri} ${s.suites.join(" ")} (${s.origin})`);
    const env = archiveFromEnv(context.env);
    let resolved: { archive: string; security: string } | null = null;
    try {
      resolved = archiveConfigFor({ ...(context.lab ? { lab: context.lab } : {}), archive: env });
    } catch {}
    if (!resolved) {
      return missing(
        `no Debian archive among ${sources.length} apt source(s)${listed.length ? `: ${listed.join("; ")}` : ""}`,
        how,
        "add a Debian deb source under /etc/apt/sources.list.d/, or set archive: { debian: URL } in lab.yaml",
      );
    }
    const from = env.archive
      ? "$LAB_DEBIAN_ARCHIVE"
      : context.lab?.archive.debian
        ? "lab.yaml"
        : "apt sources";
    return ok(
      `archive ${resolved.archive}, security ${resolved.security} (from ${from}); apt sources: ${listed.join("; ")}`,
      how,
    );
  },
};
