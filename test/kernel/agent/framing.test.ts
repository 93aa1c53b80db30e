/** Framing and payload codec, pure: round trips, resync through garbage, every kind of bad frame. */
import t from "tap";
import { decodePayload, encodePayload } from "../../../lab/kernel/agent/codec.js";
import { crc32 } from "../../../lab/kernel/agent/crc32.js";
import { encodeFrame, FrameDecoder, type FrameEvent } from "../../../lab/kernel/agent/framing.js";
import { MESSAGES } from "../../../lab/kernel/protocol.js";

/** A small seeded PRNG (mulberry32) so every run sees the same bytes. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

function frames(events: FrameEvent[]) {
  return events.filter((e) => e.kind === "frame") as Array<Extract<FrameEvent, { kind: "frame" }>>;
}

t.test("crc32 is zlib's", async (t) => {
  t.equal(crc32(new TextEncoder().encode("123456789")), 0xcbf43926);
  t.equal(crc32(new Uint8Array()), 0);
});

t.test("payload round trip through every kind", async (t) => {
  const fields = {
    progType: 15,
    insns: Uint8Array.of(0xb7, 0, 0, 0, 1, 0, 0, 0),
    license: "GPL",
    logSize: 8192,
    logTrueSize: -1,
    maps: [{ mapType: 2, keySize: 4, valueSize: 8, maxEntries: 1, mapFlags: 0 }],
    fds: [3, 4, 2 ** 40],
  };
  const back = decodePayload(encodePayload(MESSAGES.load, fields));
  t.equal(back.type, MESSAGES.load);
  t.same(back.fields, fields);
});

t.test("payload errors", async (t) => {
  t.throws(() => encodePayload(1, { nope: 1 }), { code: "BAD_PAYLOAD", name: "PayloadError" });
  t.throws(() => encodePayload(1, { progType: "x" }), { code: "WRONG_KIND" });
  const good = encodePayload(MESSAGES.load, { progType: 15 });
  t.throws(() => decodePayload(good.subarray(0, good.length - 1)), { code: "BAD_PAYLOAD" });
  const wrongKind = good.slice();
  wrongKind[2] = 3; // progType sent as a string
  t.throws(() => decodePayload(wrongKind), { code: "WRONG_KIND" });
  const unknown = Uint8Array.of(1, 200, 2, 1, 0, 0, 0, 9);
  t.same(decodePayload(unknown).fields, {}, "unknown field ids are skipped");
});

t.test("frames round trip, one byte at a time and all at once", async (t) => {
  const payloads = [new Uint8Array(), Uint8Array.of(1), Uint8Array.of(1, 2), new Uint8Array(70_000).fill(7)];
  const stream = Buffer.concat(payloads.map((p, i) => encodeFrame(i + 1, p)));
  const whole = frames(new FrameDecoder().push(stream));
  t.same(
    whole.map((f) => [f.seq, Buffer.from(f.payload)]),
    payloads.map((p, i) => [i + 1, Buffer.from(p)]),
  );
  const dec = new FrameDecoder();
  const bytewise: FrameEvent[] = [];
  for (const b of stream.subarray(0, 2000)) bytewise.push(...dec.push(Uint8Array.of(b)));
  t.same(
    frames(bytewise).map((f) => f.seq),
    [1, 2, 3],
  );
});

t.test("resync through garbage and console text", async (t) => {
  const random = rng(42);
  const dec = new FrameDecoder();
  const sent: number[] = [];
  const got: FrameEvent[] = [];
  let noise = 0;
  for (let seq = 1; seq <= 300; seq++) {
    const junk = Buffer.from(
      Array.from({ length: Math.floor(random() * 80) }, () => Math.floor(random() * 256)),
    );
    const console = Buffer.from(`[   ${seq}.000000] virtio_console: some kernel message\n`);
    const frame = encodeFrame(seq, encodePayload(MESSAGES.hello, { pid: seq }));
    sent.push(seq);
    const stream = Buffer.concat([junk, console, frame]);
    for (let at = 0; at < stream.length; ) {
      const n = 1 + Math.floor(random() * 40);
      got.push(...dec.push(stream.subarray(at, at + n)));
      at += n;
    }
    noise += junk.length + console.length;
  }
  const ok = frames(got);
  // a 0x1e in the junk opens a false frame, but the console line's newline closes it again
  t.equal(ok.length, 300, "every frame survived");
  t.ok(
    got.some((e) => e.kind === "noise" && e.bytes[0] === 0x1e),
    "a stray 0x1e was seen and passed on as noise",
  );
  for (const f of ok) t.equal(decodePayload(f.payload).fields.pid, f.seq);
  t.ok(
    got.some((e) => e.kind === "noise"),
    "noise is reported",
  );
  t.ok(noise > 0);
});

t.test("bad frames are reported with their seq", async (t) => {
  const good = encodeFrame(7, Uint8Array.of(1, 2, 3)).toString("latin1");
  const cases: Array<[string, string]> = [
    [good.replace(" 3 ", " 4 "), "BAD_FRAME"],
    [good.replace(/ [0-9a-f]{8} /, " 00000000 "), "BAD_CRC"],
    [good.replace("AQID", "AQI*"), "BAD_FRAME"],
    ["\x1eLAB1 7 999999999 00000000 AAAA\n", "TOO_LARGE"],
    ["\x1eLAB1 7 3\n", "BAD_FRAME"],
  ];
  for (const [line, code] of cases) {
    const events = new FrameDecoder().push(Buffer.from(line, "latin1"));
    t.match(events, [{ kind: "bad", code, seq: 7 }], JSON.stringify(line));
  }
  const cut = new FrameDecoder().push(Buffer.from(`${good.slice(0, 20)}${good}`, "latin1"));
  t.match(
    cut,
    [
      { kind: "bad", code: "BAD_FRAME", seq: 7 },
      { kind: "frame", seq: 7 },
    ],
    "cut short, then resync",
  );
});
