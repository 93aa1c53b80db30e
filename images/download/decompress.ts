/**
 * Decompression told by content: xz and zstd through their command-line tools (`xz -dc`,
 * `zstd -dc`), gzip through node's zlib; anything else is returned as it is.
 */
import { gunzipSync } from "node:zlib";
import { execa } from "execa";
import { LabError } from "../../lab/errors.js";

const XZ = Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]);
const ZSTD = Buffer.from([0x28, 0xb5, 0x2f, 0xfd]);
const GZIP = Buffer.from([0x1f, 0x8b]);

export function compressionOf(data: Uint8Array): "xz" | "zstd" | "gzip" | null {
  const head = Buffer.from(data.subarray(0, 6));
  if (head.subarray(0, 6).equals(XZ)) return "xz";
  if (head.subarray(0, 4).equals(ZSTD)) return "zstd";
  if (head.subarray(0, 2).equals(GZIP)) return "gzip";
  return null;
}

export async function decompress(data: Buffer, what: string): Promise<Buffer> {
  const kind = compressionOf(data);
  if (kind === null) return data;
  if (kind === "gzip") return gunzipSync(data);
  const result = await execa(kind, ["-dc"], {
    input: data,
    encoding: "buffer",
    reject: false,
    maxBuffer: 1024 * 1024 * 1024,
  });
  if (result.exitCode !== 0) {
    const why =
      Buffer.from(result.stderr as Uint8Array)
        .toString()
        .trim() || String(result.exitCode);
    throw new LabError("IMAGE_CHECKSUM_MISMATCH", `cannot decompress ${what} (${kind}): ${why}`, {
      where: { value: what },
    });
  }
  return Buffer.from(result.stdout as Uint8Array);
}
