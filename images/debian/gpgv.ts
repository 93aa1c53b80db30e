/**
 * Signature check of a clearsigned `InRelease` with gpgv against the given keyrings, as apt does.
 * Returns only the signed text (gpgv's --output), so nothing outside the signature is ever parsed.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { LabError } from "../../lab/errors.js";

export interface Verified {
  text: string;
  /** fingerprints of the keys whose signatures verified */
  signers: string[];
}

export async function verifyClearsigned(data: Buffer, keyrings: string[], origin: string): Promise<Verified> {
  if (keyrings.length === 0) {
    throw new LabError("IMAGE_SIGNATURE_INVALID", `no keyring to check ${origin} against`, {
      where: { value: origin },
      hint: "install debian-archive-keyring, or name keyrings in LAB_DEBIAN_KEYRINGS",
    });
  }
  // An empty home keeps gpgv away from the user's own trustedkeys.
  const home = mkdtempSync(join(tmpdir(), "lab-gpgv-"));
  try {
    const args = ["--status-fd", "2", ...keyrings.flatMap((k) => ["--keyring", k]), "--output", "-", "-"];
    const result = await execa("gpgv", args, {
      input: data,
      encoding: "buffer",
      reject: false,
      env: { GNUPGHOME: home, LC_ALL: "C" },
    });
    const status = Buffer.from(result.stderr as Uint8Array).toString("utf8");
    const signers = [...status.matchAll(/^\[GNUPG:\] VALIDSIG (\S+)/gm)].map((m) => m[1]!);
    const bad = /^\[GNUPG:\] (BADSIG|ERRSIG|NO_PUBKEY|EXPKEYSIG|REVKEYSIG|NODATA)/m.exec(status);
    if (result.exitCode !== 0 || signers.length === 0) {
      const reason = bad ? bad[1] : `gpgv exited with ${result.exitCode ?? result.failed}`;
      throw new LabError("IMAGE_SIGNATURE_INVALID", `${origin}: signature does not verify (${reason})`, {
        where: { value: origin },
        hint: `checked against ${keyrings.join(", ")}`,
      });
    }
    return { text: Buffer.from(result.stdout as Uint8Array).toString("utf8"), signers };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
