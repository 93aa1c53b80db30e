/**
 * A streaming reader of tar archives (ustar, GNU long names, pax `path`): one pass over the
 * stream, keeping in memory only the regular files the caller asks for. Every entry is reported,
 * so the caller also learns the paths it did not keep.
 */
import { LabError } from "../../lab/errors.js";

export interface TarEntry {
  path: string;
  /** "file" | "dir" | "symlink" | "link" | "other" */
  type: string;
  size: number;
  linkTarget: string;
  /** the contents, for regular files the caller asked to keep */
  data: Buffer | null;
}

const BLOCK = 512;

function cString(block: Buffer, start: number, length: number): string {
  const field = block.subarray(start, start + length);
  const end = field.indexOf(0);
  return field.subarray(0, end < 0 ? field.length : end).toString("utf8");
}

function octal(block: Buffer, start: number, length: number): number {
  const text = cString(block, start, length).trim();
  return text === "" ? 0 : Number.parseInt(text, 8);
}

function typeOf(flag: string): string {
  if (flag === "0" || flag === "\0" || flag === "7") return "file";
  return { "5": "dir", "2": "symlink", "1": "link" }[flag] ?? "other";
}

function paxPath(body: Buffer): string | null {
  let at = 0;
  while (at < body.length) {
    const space = body.indexOf(0x20, at);
    if (space < 0) break;
    const length = Number.parseInt(body.subarray(at, space).toString(), 10);
    if (!(length > 0)) break;
    const record = body.subarray(space + 1, at + length - 1).toString("utf8");
    if (record.startsWith("path=")) return record.slice(5);
    at += length;
  }
  return null;
}

function headerPath(header: Buffer, longName: string | null): string {
  if (longName !== null) return longName;
  const prefix = cString(header, 257, 6).startsWith("ustar") ? cString(header, 345, 155) : "";
  const name = cString(header, 0, 100);
  return prefix ? `${prefix}/${name}` : name;
}

interface Body {
  path: string;
  header: Buffer;
  flag: string;
  size: number;
  left: number;
  chunks: Buffer[] | null;
}

/** Reads every entry of the tar stream; `keep(path)` says which regular files to hold. */
export async function readTar(
  stream: AsyncIterable<Uint8Array>,
  keep: (path: string) => boolean,
  what: string,
): Promise<TarEntry[]> {
  const entries: TarEntry[] = [];
  let pending = Buffer.alloc(0);
  let offset = 0;
  let body: Body | null = null;
  let longName: string | null = null;
  let ended = false;
  const finish = (done: Body) => {
    const data = done.chunks ? Buffer.concat(done.chunks).subarray(0, done.size) : null;
    if (done.flag === "L") longName = data!.toString("utf8").replace(/\0+$/, "");
    else if (done.flag === "x") longName = paxPath(data!) ?? longName;
    else if (done.flag !== "g") {
      longName = null;
      const type = typeOf(done.flag);
      entries.push({
        path: done.path,
        type,
        size: done.size,
        linkTarget: cString(done.header, 157, 100),
        data,
      });
    }
  };
  for await (const chunk of stream) {
    if (ended) continue;
    pending = pending.length ? Buffer.concat([pending, Buffer.from(chunk)]) : Buffer.from(chunk);
    while (!ended) {
      if (body) {
        const take = Math.min(body.left, pending.length);
        if (body.chunks && take > 0) body.chunks.push(Buffer.from(pending.subarray(0, take)));
        body.left -= take;
        pending = pending.subarray(take);
        offset += take;
        if (body.left > 0) break;
        const done: Body = body;
        body = null;
        finish(done);
        continue;
      }
      if (pending.length < BLOCK) break;
      const header = Buffer.from(pending.subarray(0, BLOCK));
      pending = pending.subarray(BLOCK);
      offset += BLOCK;
      if (header.every((b) => b === 0)) {
        ended = true;
        break;
      }
      const flag = String.fromCharCode(header[156]!);
      const size = octal(header, 124, 12);
      if (!Number.isFinite(size)) {
        throw new LabError("IMAGE_BUILD_FAILED", `${what}: bad tar header`, {
          where: { file: what, offset: offset - BLOCK },
        });
      }
      const path = headerPath(header, longName);
      const meta = flag === "L" || flag === "x" || flag === "g";
      const wanted = meta || (typeOf(flag) === "file" && keep(path));
      const left = Math.ceil(size / BLOCK) * BLOCK;
      const next: Body = { path, header, flag, size, left, chunks: wanted ? [] : null };
      if (left === 0) finish(next);
      else body = next;
    }
  }
  if (body || (!ended && pending.length > 0)) {
    throw new LabError("IMAGE_BUILD_FAILED", `${what}: tar archive ends inside an entry`, {
      where: { file: what, offset },
    });
  }
  return entries;
}
