/**
 * Bounds-checked little-endian reads of a file's bytes. Every read that would run past the end (or
 * past a section's end) throws LAB_PROGRAM_INVALID naming the byte offset, so a malformed object can
 * never crash a parser built on it.
 */
import { LabError } from "../../errors.js";

export class Bytes {
  private readonly view: DataView;

  constructor(
    readonly data: Uint8Array,
    readonly origin: string,
    /** where `data` starts in the file, for messages */
    readonly base = 0,
  ) {
    this.view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  }

  get length(): number {
    return this.data.byteLength;
  }

  fail(offset: number, message: string): never {
    throw new LabError("LAB_PROGRAM_INVALID", `${message} (byte offset ${this.base + offset})`, {
      where: { file: this.origin, offset: this.base + offset },
    });
  }

  check(offset: number, size: number, what: string): void {
    if (!Number.isSafeInteger(offset) || offset < 0 || size < 0 || offset + size > this.data.byteLength) {
      this.fail(
        Math.max(0, Math.min(offset, this.data.byteLength)),
        `${what} runs past the end (${this.data.byteLength} bytes)`,
      );
    }
  }

  u8(offset: number, what: string): number {
    this.check(offset, 1, what);
    return this.view.getUint8(offset);
  }

  u16(offset: number, what: string): number {
    this.check(offset, 2, what);
    return this.view.getUint16(offset, true);
  }

  u32(offset: number, what: string): number {
    this.check(offset, 4, what);
    return this.view.getUint32(offset, true);
  }

  i32(offset: number, what: string): number {
    this.check(offset, 4, what);
    return this.view.getInt32(offset, true);
  }

  u64(offset: number, what: string): number {
    this.check(offset, 8, what);
    const v = this.view.getBigUint64(offset, true);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) this.fail(offset, `${what} is too large (${v})`);
    return Number(v);
  }

  /** A sub-range as its own reader (offsets in messages stay file offsets). */
  slice(offset: number, size: number, what: string): Bytes {
    this.check(offset, size, what);
    return new Bytes(this.data.subarray(offset, offset + size), this.origin, this.base + offset);
  }

  /** A NUL-terminated string starting at `offset`. */
  cstring(offset: number, what: string): string {
    this.check(offset, 0, what);
    const end = this.data.indexOf(0, offset);
    if (end < 0) this.fail(offset, `${what} is not NUL-terminated`);
    return new TextDecoder().decode(this.data.subarray(offset, end));
  }
}
