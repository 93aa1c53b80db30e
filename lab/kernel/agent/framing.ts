/**
 * Frames of lab/kernel/protocol.ts on a byte stream: `\x1eLAB1 <seq> <len> <crc32hex8> <base64>\n`.
 * FrameDecoder takes chunks as they come and returns frames, bad frames (with the seq when it could
 * be read) and the noise between frames (kernel messages on a shared console). Pure.
 */
import { FRAME_MAGIC, MAX_PAYLOAD } from "../protocol.js";
import { crc32 } from "./crc32.js";

const RS = 0x1e;
const NL = 0x0a;
const MAGIC_BODY = Buffer.from(FRAME_MAGIC.slice(1), "latin1");
/** The longest frame line: magic, three numbers, base64 of the largest payload. */
export const MAX_LINE = 64 + Math.ceil(MAX_PAYLOAD / 3) * 4;

export type FrameEvent =
  | { kind: "frame"; seq: number; payload: Uint8Array }
  | { kind: "bad"; seq: number | null; code: "BAD_FRAME" | "BAD_CRC" | "TOO_LARGE"; message: string }
  | { kind: "noise"; bytes: Uint8Array };

export function encodeFrame(seq: number, payload: Uint8Array): Buffer {
  const crc = crc32(payload).toString(16).padStart(8, "0");
  const b64 = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString("base64");
  return Buffer.from(`${FRAME_MAGIC}${seq} ${payload.length} ${crc} ${b64}\n`, "latin1");
}

export class FrameDecoder {
  private inFrame = false;
  private parts: Buffer[] = [];
  private size = 0;
  private overflow = false;

  push(chunk: Uint8Array): FrameEvent[] {
    const buf = Buffer.isBuffer(chunk)
      ? chunk
      : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const events: FrameEvent[] = [];
    let i = 0;
    while (i < buf.length) {
      if (!this.inFrame) {
        const start = buf.indexOf(RS, i);
        const end = start < 0 ? buf.length : start;
        if (end > i) events.push({ kind: "noise", bytes: buf.subarray(i, end) });
        if (start < 0) break;
        this.begin();
        i = start + 1;
        continue;
      }
      const end = firstOf(buf, i);
      if (end < 0) {
        this.append(buf.subarray(i));
        break;
      }
      this.append(buf.subarray(i, end));
      const line = this.take();
      if (buf[end] === RS) {
        const ev = this.interrupted(line);
        if (ev) events.push(ev);
        this.begin();
      } else {
        events.push(this.finish(line));
      }
      i = end + 1;
    }
    return events;
  }

  private begin(): void {
    this.inFrame = true;
    this.parts = [];
    this.size = 0;
    this.overflow = false;
  }

  private append(part: Buffer): void {
    if (this.overflow) return;
    if (this.size + part.length > MAX_LINE) {
      this.overflow = true;
      this.parts = [Buffer.concat(this.parts).subarray(0, 64)];
      return;
    }
    this.parts.push(Buffer.from(part));
    this.size += part.length;
  }

  private take(): Buffer {
    this.inFrame = false;
    const line = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts);
    this.parts = [];
    return line;
  }

  /** A new frame started before this one ended. */
  private interrupted(line: Buffer): FrameEvent | null {
    if (!isFrameLine(line))
      return line.length ? { kind: "noise", bytes: Buffer.concat([Buffer.of(RS), line]) } : null;
    return {
      kind: "bad",
      seq: readSeq(line),
      code: "BAD_FRAME",
      message: "frame cut short by the next frame",
    };
  }

  private finish(line: Buffer): FrameEvent {
    if (!isFrameLine(line))
      return { kind: "noise", bytes: Buffer.concat([Buffer.of(RS), line, Buffer.of(NL)]) };
    if (this.overflow)
      return {
        kind: "bad",
        seq: readSeq(line),
        code: "TOO_LARGE",
        message: `frame line longer than ${MAX_LINE} bytes`,
      };
    return parseFrameLine(line);
  }
}

function firstOf(buf: Buffer, from: number): number {
  const nl = buf.indexOf(NL, from);
  const rs = buf.indexOf(RS, from);
  if (nl < 0) return rs;
  if (rs < 0) return nl;
  return Math.min(nl, rs);
}

function isFrameLine(line: Buffer): boolean {
  return line.length >= MAGIC_BODY.length && line.subarray(0, MAGIC_BODY.length).equals(MAGIC_BODY);
}

function readSeq(line: Buffer): number | null {
  const head = line.subarray(MAGIC_BODY.length, MAGIC_BODY.length + 12).toString("latin1");
  const m = /^(\d{1,10})(?:[ \r]|$)/.exec(head);
  if (!m || (m[0].length === m[1]!.length && line.length > MAGIC_BODY.length + m[1]!.length)) return null;
  const seq = Number(m[1]);
  return seq <= 0xffffffff ? seq : null;
}

const B64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Parse `<seq> <len> <crc> <b64>` (after the magic). */
export function parseFrameLine(line: Buffer): FrameEvent {
  let text = line.subarray(MAGIC_BODY.length).toString("latin1");
  if (text.endsWith("\r")) text = text.slice(0, -1);
  const seq = readSeq(line);
  const bad = (code: "BAD_FRAME" | "BAD_CRC" | "TOO_LARGE", message: string): FrameEvent => ({
    kind: "bad",
    seq,
    code,
    message,
  });
  const parts = text.split(" ");
  if (parts.length !== 4 || seq === null) return bad("BAD_FRAME", "a frame has four space-separated parts");
  const [, lenText, crcText, b64] = parts as [string, string, string, string];
  if (!/^\d{1,10}$/.test(lenText))
    return bad("BAD_FRAME", `bad length ${JSON.stringify(lenText.slice(0, 16))}`);
  const len = Number(lenText);
  if (len > MAX_PAYLOAD) return bad("TOO_LARGE", `payload of ${len} bytes exceeds ${MAX_PAYLOAD}`);
  if (!/^[0-9a-f]{8}$/.test(crcText)) return bad("BAD_FRAME", "bad crc field");
  if (b64.length % 4 !== 0 || !B64.test(b64)) return bad("BAD_FRAME", "bad base64");
  const payload = Buffer.from(b64, "base64");
  if (payload.length !== len) return bad("BAD_FRAME", `length says ${len}, payload has ${payload.length}`);
  if (crc32(payload) !== Number.parseInt(crcText, 16)) return bad("BAD_CRC", "crc32 mismatch");
  return { kind: "frame", seq, payload };
}
