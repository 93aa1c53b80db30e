/**
 * HTTP GET for the archive: whole bodies for small files, streamed bodies with a Range offset for
 * resumable downloads. Failures become LabErrors: 404 -> the given missing code, no answer ->
 * IMAGE_MIRROR_UNREACHABLE, any other status -> IMAGE_DOWNLOAD_FAILED.
 */
import { type ErrorCode, LabError } from "../../lab/errors.js";

export interface GetOptions {
  /** byte offset to resume from (sends `Range: bytes=N-`) */
  from?: number;
  /** code for a 404 (default IMAGE_INDEX_MISSING) */
  missingCode?: ErrorCode;
  /** milliseconds to wait for the response head */
  timeoutMs?: number;
}

export interface GetResponse {
  /** true when the server honoured the Range request (206) */
  partial: boolean;
  /** total length of the resource when known */
  total: number | null;
  body: AsyncIterable<Uint8Array>;
}

function unreachable(url: string, cause: unknown): LabError {
  const reason =
    cause instanceof Error ? ((cause.cause as Error | undefined)?.message ?? cause.message) : String(cause);
  return new LabError("IMAGE_MIRROR_UNREACHABLE", `cannot reach ${url}: ${reason}`, {
    where: { value: url },
    cause,
    hint: "check the network and the archive URI (apt sources, lab.yaml archive:, LAB_DEBIAN_ARCHIVE)",
  });
}

export async function httpGet(url: string, options: GetOptions = {}): Promise<GetResponse> {
  const headers: Record<string, string> = {};
  if (options.from && options.from > 0) headers.range = `bytes=${options.from}-`;
  let response: Response;
  try {
    response = await fetch(url, { headers, signal: AbortSignal.timeout(options.timeoutMs ?? 30_000) });
  } catch (error) {
    throw unreachable(url, error);
  }
  if (response.status === 404 || response.status === 410) {
    await response.body?.cancel();
    throw new LabError(
      options.missingCode ?? "IMAGE_INDEX_MISSING",
      `${url} is not on the server (HTTP ${response.status})`,
      {
        where: { value: url },
        hint: "the index may be newer or older than the mirror; try `--refresh`, another version or another suite",
      },
    );
  }
  if (response.status === 416 && options.from) {
    await response.body?.cancel();
    return { partial: true, total: options.from, body: emptyBody() };
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    throw new LabError("IMAGE_DOWNLOAD_FAILED", `${url}: HTTP ${response.status} ${response.statusText}`, {
      where: { value: url },
    });
  }
  const partial = response.status === 206;
  const length = Number(response.headers.get("content-length") ?? Number.NaN);
  const total = Number.isFinite(length) ? length + (partial ? (options.from ?? 0) : 0) : null;
  return { partial, total, body: response.body as unknown as AsyncIterable<Uint8Array> };
}

async function* emptyBody(): AsyncIterable<Uint8Array> {}

/** The whole body of a small file (InRelease, Packages.xz). */
export async function httpGetBuffer(url: string, options: GetOptions = {}): Promise<Buffer> {
  const response = await httpGet(url, options);
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of response.body) chunks.push(Buffer.from(chunk));
  } catch (error) {
    throw unreachable(url, error);
  }
  return Buffer.concat(chunks);
}
