/**
 * Just enough BTF to read BTF-defined maps: the type table (every kind's record length, so the walk
 * stays in step), names, sizes, and the members of the struct behind each `.maps` variable.
 */
import type { Bytes } from "./bytes.js";

export const BTF_KIND = {
  INT: 1,
  PTR: 2,
  ARRAY: 3,
  STRUCT: 4,
  UNION: 5,
  ENUM: 6,
  FWD: 7,
  TYPEDEF: 8,
  VOLATILE: 9,
  CONST: 10,
  RESTRICT: 11,
  FUNC: 12,
  FUNC_PROTO: 13,
  VAR: 14,
  DATASEC: 15,
  FLOAT: 16,
  DECL_TAG: 17,
  TYPE_TAG: 18,
  ENUM64: 19,
} as const;

export interface BtfMember {
  name: string;
  type: number;
  offset: number;
}

export interface BtfType {
  id: number;
  kind: number;
  name: string;
  /** size for sized kinds, referenced type id otherwise */
  sizeOrType: number;
  /** ARRAY: element type and count */
  array?: { type: number; nelems: number };
  /** STRUCT/UNION members, DATASEC variables (type, offset in `offset`) */
  members: BtfMember[];
  /** byte offset of the record in the file, for messages */
  at: number;
}

export interface Btf {
  types: BtfType[];
  bytes: Bytes;
}

const EXTRA: Record<number, (vlen: number) => number> = {
  [BTF_KIND.INT]: () => 4,
  [BTF_KIND.ARRAY]: () => 12,
  [BTF_KIND.STRUCT]: (n) => n * 12,
  [BTF_KIND.UNION]: (n) => n * 12,
  [BTF_KIND.ENUM]: (n) => n * 8,
  [BTF_KIND.FUNC_PROTO]: (n) => n * 8,
  [BTF_KIND.VAR]: () => 4,
  [BTF_KIND.DATASEC]: (n) => n * 12,
  [BTF_KIND.DECL_TAG]: () => 4,
  [BTF_KIND.ENUM64]: (n) => n * 12,
};

export function readBtf(bytes: Bytes): Btf {
  const magic = bytes.u16(0, "BTF magic");
  if (magic !== 0xeb9f) bytes.fail(0, `bad BTF magic 0x${magic.toString(16)}`);
  const hdrLen = bytes.u32(4, "BTF hdr_len");
  const typeOff = hdrLen + bytes.u32(8, "BTF type_off");
  const typeLen = bytes.u32(12, "BTF type_len");
  const strOff = hdrLen + bytes.u32(16, "BTF str_off");
  const strLen = bytes.u32(20, "BTF str_len");
  const strings = bytes.slice(strOff, strLen, "BTF string section");
  const table = bytes.slice(typeOff, typeLen, "BTF type section");
  const name = (off: number) => (off === 0 ? "" : strings.cstring(off, "BTF name"));
  const types: BtfType[] = [{ id: 0, kind: 0, name: "void", sizeOrType: 0, members: [], at: 0 }];
  for (let at = 0; at < typeLen; ) {
    const info = table.u32(at + 4, "BTF type info");
    const kind = (info >>> 24) & 0x1f;
    const vlen = info & 0xffff;
    const t: BtfType = {
      id: types.length,
      kind,
      name: name(table.u32(at, "BTF name_off")),
      sizeOrType: table.u32(at + 8, "BTF size/type"),
      members: [],
      at: table.base + at,
    };
    const extra =
      kind >= 1 && kind <= 19 ? (EXTRA[kind]?.(vlen) ?? 0) : table.fail(at + 4, `unknown BTF kind ${kind}`);
    const body = at + 12;
    table.check(body, extra, `BTF type ${t.id}`);
    if (kind === BTF_KIND.ARRAY) {
      t.array = { type: table.u32(body, "BTF array type"), nelems: table.u32(body + 8, "BTF array nelems") };
    } else if (kind === BTF_KIND.STRUCT || kind === BTF_KIND.UNION) {
      for (let i = 0; i < vlen; i++) {
        const m = body + i * 12;
        t.members.push({
          name: name(table.u32(m, "member name")),
          type: table.u32(m + 4, "member type"),
          offset: table.u32(m + 8, "member offset"),
        });
      }
    } else if (kind === BTF_KIND.DATASEC) {
      for (let i = 0; i < vlen; i++) {
        const m = body + i * 12;
        t.members.push({
          name: "",
          type: table.u32(m, "datasec var"),
          offset: table.u32(m + 4, "datasec offset"),
        });
      }
    }
    types.push(t);
    at = body + extra;
  }
  return { types, bytes };
}

export function btfType(btf: Btf, id: number, at: number): BtfType {
  const t = btf.types[id];
  if (!t) btf.bytes.fail(at, `BTF type id ${id} does not exist (${btf.types.length - 1} types)`);
  return t;
}

const MODIFIERS = new Set<number>([
  BTF_KIND.TYPEDEF,
  BTF_KIND.VOLATILE,
  BTF_KIND.CONST,
  BTF_KIND.RESTRICT,
  BTF_KIND.TYPE_TAG,
]);

/** Follow typedefs and qualifiers. */
export function skipModifiers(btf: Btf, id: number, at: number): BtfType {
  let t = btfType(btf, id, at);
  for (let hops = 0; MODIFIERS.has(t.kind); hops++) {
    if (hops > 64) btf.bytes.fail(t.at, "BTF type chain loops");
    t = btfType(btf, t.sizeOrType, t.at);
  }
  return t;
}

/** The byte size of a type (pointers are 8). */
export function typeSize(btf: Btf, id: number, at: number, depth = 0): number {
  if (depth > 64) btf.bytes.fail(at, "BTF type nesting too deep");
  const t = skipModifiers(btf, id, at);
  switch (t.kind) {
    case BTF_KIND.PTR:
      return 8;
    case BTF_KIND.ARRAY:
      return t.array!.nelems * typeSize(btf, t.array!.type, t.at, depth + 1);
    case BTF_KIND.INT:
    case BTF_KIND.STRUCT:
    case BTF_KIND.UNION:
    case BTF_KIND.ENUM:
    case BTF_KIND.ENUM64:
    case BTF_KIND.FLOAT:
    case BTF_KIND.DATASEC:
      return t.sizeOrType;
    default:
      return btf.bytes.fail(t.at, `BTF type ${t.id} (kind ${t.kind}) has no size`);
  }
}
