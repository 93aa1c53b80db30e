/**
 * The payload codec of lab/kernel/protocol.ts: `u8 type` then fields `u8 id, u8 kind, u32le len,
 * value`. Pure; both directions are table-driven by FIELDS, so the TS side can neither send nor
 * accept a field the table does not name.
 */
import {
  FIELDS,
  type FieldName,
  type FieldRecord,
  type FieldValue,
  KINDS,
  type Message,
} from "../protocol.js";

const BY_ID = new Map<number, { name: FieldName; kind: number; list: boolean }>(
  (Object.entries(FIELDS) as Array<[FieldName, { id: number; kind: keyof typeof KINDS; list?: true }]>).map(
    ([name, def]) => [def.id, { name, kind: KINDS[def.kind], list: def.list === true }],
  ),
);

export class PayloadError extends Error {
  constructor(
    readonly code: "BAD_PAYLOAD" | "WRONG_KIND",
    message: string,
  ) {
    super(message);
    this.name = "PayloadError";
  }
}

export function encodePayload(type: number, fields: FieldRecord): Uint8Array {
  const parts: Uint8Array[] = [Uint8Array.of(type & 0xff)];
  encodeFields(fields, parts);
  return concat(parts);
}

export function decodePayload(payload: Uint8Array): Message {
  if (payload.length < 1) throw new PayloadError("BAD_PAYLOAD", "empty payload");
  return { type: payload[0]!, fields: decodeFields(payload.subarray(1)) };
}

function encodeFields(fields: FieldRecord, parts: Uint8Array[]): void {
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    const def = FIELDS[name as FieldName] as
      | { id: number; kind: keyof typeof KINDS; list?: true }
      | undefined;
    if (!def) throw new PayloadError("BAD_PAYLOAD", `no protocol field named ${name}`);
    const values = def.list ? (value as FieldValue[]) : [value];
    for (const one of values) parts.push(encodeField(def.id, def.kind, one, name));
  }
}

function encodeField(id: number, kind: keyof typeof KINDS, value: FieldValue, name: string): Uint8Array {
  let body: Uint8Array;
  if (kind === "int") {
    if (typeof value !== "number" || !Number.isInteger(value))
      throw new PayloadError("WRONG_KIND", `field ${name} wants an integer, got ${String(value)}`);
    body = new Uint8Array(8);
    new DataView(body.buffer).setBigInt64(0, BigInt(value), true);
  } else if (kind === "str") {
    if (typeof value !== "string") throw new PayloadError("WRONG_KIND", `field ${name} wants a string`);
    body = new TextEncoder().encode(value);
  } else if (kind === "bytes") {
    if (!(value instanceof Uint8Array)) throw new PayloadError("WRONG_KIND", `field ${name} wants bytes`);
    body = value;
  } else {
    if (typeof value !== "object" || value instanceof Uint8Array || Array.isArray(value))
      throw new PayloadError("WRONG_KIND", `field ${name} wants an object`);
    const nested: Uint8Array[] = [];
    encodeFields(value as FieldRecord, nested);
    body = concat(nested);
  }
  const head = new Uint8Array(6);
  head[0] = id;
  head[1] = KINDS[kind];
  new DataView(head.buffer).setUint32(2, body.length, true);
  return concat([head, body]);
}

function decodeFields(bytes: Uint8Array): FieldRecord {
  const out: FieldRecord = {};
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  while (at < bytes.length) {
    if (at + 6 > bytes.length) throw new PayloadError("BAD_PAYLOAD", `truncated field header at ${at}`);
    const id = bytes[at]!;
    const kind = bytes[at + 1]!;
    const len = view.getUint32(at + 2, true);
    const start = at + 6;
    if (start + len > bytes.length) throw new PayloadError("BAD_PAYLOAD", `field ${id} overruns the payload`);
    at = start + len;
    const def = BY_ID.get(id);
    if (!def) continue;
    if (def.kind !== kind || (kind === KINDS.int && len !== 8))
      throw new PayloadError("WRONG_KIND", `field ${def.name} has kind ${kind} length ${len}`);
    const value = decodeValue(kind, bytes.subarray(start, start + len));
    if (def.list)
      ((out[def.name] as FieldValue[] | undefined) ?? ((out[def.name] = []) as FieldValue[])).push(value);
    else out[def.name] = value;
  }
  return out;
}

function decodeValue(kind: number, body: Uint8Array): FieldValue {
  if (kind === KINDS.int) return Number(new DataView(body.buffer, body.byteOffset, 8).getBigInt64(0, true));
  if (kind === KINDS.str) return new TextDecoder().decode(body);
  if (kind === KINDS.bytes) return body.slice();
  return decodeFields(body);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
