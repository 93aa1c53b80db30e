/**
 * lab/kernel/protocol.ts and the agent's C (images/agent/protocol.h and friends) must agree: every message, field (id and kind),
 * error code and limit is read out of the C file and compared with the TS tables, both ways.
 */
import { readFileSync } from "node:fs";
import t from "tap";
import { agentSources } from "../../images/agent/build.js";
import {
  ERROR_FRAME_CODES,
  FIELDS,
  KINDS,
  MAX_LOG_SIZE,
  MAX_PAYLOAD,
  MESSAGES,
  PROTOCOL_VERSION,
  REPLY_BIT,
} from "../../lab/kernel/protocol.js";

const { sources, headers } = agentSources();
/** All of the agent's C text: the numbers live in protocol.h, the kinds table in tlv.c, the frame format in frame.c. */
const C = [...headers, ...sources].map((f) => readFileSync(f, "utf8")).join("\n");

/** `F_LOG_TRUE_SIZE` -> `logTrueSize` */
function camel(upper: string): string {
  return upper.toLowerCase().replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function enumEntries(prefix: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of C.matchAll(new RegExp(`\\b${prefix}([A-Z0-9_]+) = (0x[0-9a-f]+|\\d+)[,\\s]`, "g")))
    out.set(camel(m[1]!), Number(m[2]));
  return out;
}

t.test("message types", async (t) => {
  const c = enumEntries("MSG_");
  t.same(Object.fromEntries(c), MESSAGES);
});

t.test("field ids", async (t) => {
  const c = enumEntries("F_");
  c.delete("max");
  const ts = Object.fromEntries(Object.entries(FIELDS).map(([name, def]) => [name, def.id]));
  t.same(Object.fromEntries(c), ts);
  t.ok(Math.max(...c.values()) < (enumEntries("F_").get("max") ?? 0), "F_MAX bounds every id");
});

t.test("field kinds", async (t) => {
  const kinds = Object.fromEntries([...enumEntries("K_")].map(([name, n]) => [name, n])) as Record<
    string,
    number
  >;
  t.same(kinds, KINDS, "kind codes");
  const start = C.indexOf("field_kinds[F_MAX] = {");
  const table = C.slice(start, C.indexOf("};", start));
  const cKinds = new Map<string, number>();
  for (const m of table.matchAll(/\[F_([A-Z0-9_]+)\] = K_([A-Z]+)/g))
    cKinds.set(camel(m[1]!), kinds[m[2]!.toLowerCase()]!);
  t.equal(cKinds.size, Object.keys(FIELDS).length, "every field has a kind in the C table");
  for (const [name, def] of Object.entries(FIELDS))
    t.equal(cKinds.get(name), KINDS[def.kind], `kind of ${name}`);
});

t.test("error codes and limits", async (t) => {
  const codes = [...C.matchAll(/^#define E_[A-Z_]+ "([A-Z_]+)"$/gm)].map((m) => m[1]);
  t.same(codes, [...ERROR_FRAME_CODES]);
  const define = (name: string) => C.match(new RegExp(`^#define ${name} (.+)$`, "m"))?.[1];
  t.equal(Number(define("PROTOCOL_VERSION")), PROTOCOL_VERSION);
  t.equal(Number(define("REPLY_BIT")), REPLY_BIT);
  const mib = (text: string | undefined) =>
    Number(/\((\d+)u \* 1024 \* 1024\)/.exec(text ?? "")?.[1]) * 1024 * 1024;
  t.equal(mib(define("MAX_PAYLOAD")), MAX_PAYLOAD);
  t.equal(mib(define("MAX_LOG_SIZE")), MAX_LOG_SIZE);
  t.match(C, /"\\x1eLAB1 %u %zu %08x "/, "the C writer uses the TS magic and field order");
});
