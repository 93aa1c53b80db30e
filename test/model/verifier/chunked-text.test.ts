/** ChunkedText against a plain string under a seeded random mix of appends and cuts at both ends. */
import t from "tap";
import { ChunkedText } from "../../../lab/model/verifier/chunked-text.js";

/** A small seeded generator (mulberry32), so that a failure names its seed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

t.test("appends, truncates and keepLasts give the same text as string slicing", async (t) => {
  for (let seed = 1; seed <= 200; seed++) {
    const r = rng(seed);
    const c = new ChunkedText();
    let s = "";
    let ok = true;
    for (let step = 0; step < 400 && ok; step++) {
      const k = r();
      if (k < 0.55) {
        const piece = "abcdefghij".slice(0, Math.floor(r() * 11)) + String(step);
        c.append(piece);
        s += piece;
      } else if (k < 0.8) {
        const n = Math.floor(r() * (s.length + 5));
        c.truncate(n);
        s = s.slice(0, n);
      } else {
        const n = Math.floor(r() * (s.length + 5));
        c.keepLast(n);
        s = n >= s.length ? s : s.slice(s.length - n);
      }
      ok = c.length === s.length && (step % 37 !== 0 || c.toString() === s);
    }
    t.ok(ok && c.toString() === s, `seed ${seed}`);
  }
});

t.test("edge cases: empty pieces, cutting to zero, dropping a whole prefix", async (t) => {
  const c = new ChunkedText();
  c.append("");
  c.append("abc");
  c.append("def");
  c.keepLast(4);
  t.equal(c.toString(), "cdef");
  c.truncate(1);
  t.equal(c.toString(), "c");
  c.truncate(0);
  t.equal(c.toString(), "");
  t.equal(c.length, 0);
  c.append("xyz");
  t.equal(c.toString(), "xyz");
  c.keepLast(0);
  t.equal(c.toString(), "");
});
