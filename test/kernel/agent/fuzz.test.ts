/**
 * 10,000 seeded random frames to the real agent: garbage, damaged frames, random payloads (unknown
 * types, wrong kinds, overrunning fields) and well-formed requests with random values. It never
 * crashes or hangs; probes touch only the nodes and cgroups it makes (safe device numbers only);
 * afterwards no cgroup, node, map or program is left, and it exits cleanly.
 */
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import t from "tap";
import { encodePayload } from "../../../lab/kernel/agent/codec.js";
import { encodeFrame } from "../../../lab/kernel/agent/framing.js";
import { FIELDS, KINDS, MESSAGES, REPLY_BIT } from "../../../lab/kernel/protocol.js";
import { hostSkipReason, startAgent } from "../helpers/agent.js";
import { type Random, seeded } from "../helpers/random.js";

const skip = hostSkipReason();
const FRAMES = 10_000;

function cgroup2(): string {
  const line = readFileSync("/proc/self/mountinfo", "utf8")
    .split("\n")
    .find((l) => / - cgroup2 /.test(l));
  return line!.split(" ")[4]!;
}

/** Device numbers whose open() (read-only or write, non-blocking) is harmless on any machine. */
function safeDevice(r: Random) {
  const pick = r.int(4);
  if (pick === 0) return { devType: 2, major: 1, minor: r.pick([3, 5, 7, 8, 9]) };
  if (pick === 1) return { devType: 2, major: 195, minor: r.int(256) };
  if (pick === 2) return { devType: 1, major: 7, minor: r.int(8) };
  return { devType: 1 + r.int(2), major: 240 + r.int(15), minor: r.int(1 << 20) };
}

function randomInt(r: Random): number {
  return r.pick([
    0,
    1,
    -1,
    2,
    7,
    8,
    4096,
    65535,
    2 ** 31 - 1,
    2 ** 32 - 1,
    -(2 ** 31),
    r.int(100),
    r.int(1 << 20),
  ]);
}

function randomBytes(r: Random, max: number): Uint8Array {
  return Uint8Array.from({ length: r.int(max) }, () => r.int(256));
}

/** One TLV field with a random id and kind (often wrong for the id) and random contents. */
function randomField(r: Random): Uint8Array {
  const defs = Object.values(FIELDS);
  const safeIds = defs.filter((d) => !["maps", "devices", "relocs"].includes(nameOf(d.id))).map((d) => d.id);
  const id = r.chance(0.9) ? r.pick(safeIds) : 70 + r.int(186);
  const kind = r.chance(0.8)
    ? KINDS[(defs.find((d) => d.id === id)?.kind ?? "int") as keyof typeof KINDS]
    : r.int(6);
  let body: Uint8Array;
  if (kind === KINDS.int && r.chance(0.9)) {
    body = new Uint8Array(8);
    new DataView(body.buffer).setBigInt64(0, BigInt(randomInt(r)), true);
  } else body = randomBytes(r, 40);
  const head = new Uint8Array(6);
  head[0] = id;
  head[1] = kind;
  new DataView(head.buffer).setUint32(2, r.chance(0.05) ? body.length + 1 + r.int(100) : body.length, true);
  return Buffer.concat([head, body]);
}

function nameOf(id: number): string {
  return Object.entries(FIELDS).find(([, d]) => d.id === id)![0];
}

/** A random payload: any request type but poweroff, random fields. Always answered. */
function randomPayload(r: Random): Uint8Array {
  let type = r.int(128);
  if (type === MESSAGES.poweroff) type = MESSAGES.hello;
  const fields = Array.from({ length: r.int(8) }, () => randomField(r));
  return Buffer.concat([Uint8Array.of(type), ...fields]);
}

/** A well-formed request with random values (bounded where the kernel would allocate). */
function structuredPayload(r: Random, fds: number[]): Uint8Array {
  const fd = fds.length && r.chance(0.7) ? r.pick(fds) : randomInt(r);
  switch (r.int(7)) {
    case 0: {
      const insns = r.chance(0.5)
        ? Uint8Array.of(0xb7, 0, 0, 0, r.int(3), 0, 0, 0, 0x95, 0, 0, 0, 0, 0, 0, 0)
        : randomBytes(r, 12).subarray(0, 8 * r.int(2));
      return encodePayload(MESSAGES.load, {
        progType: r.chance(0.7) ? r.pick([1, 15]) : r.int(40),
        insns,
        license: r.pick(["GPL", "MIT", ""]),
        logLevel: r.pick([0, 1, 2, 4, 7]),
        logSize: r.pick([0, 64, 8192, 1 << 20]),
        maps: r.chance(0.2)
          ? [
              {
                mapType: 1 + r.int(3),
                keySize: r.int(16),
                valueSize: r.int(64),
                maxEntries: r.int(64),
                mapFlags: 0,
              },
            ]
          : undefined,
      });
    }
    case 1:
      return encodePayload(MESSAGES.cgroupDeviceProbe, {
        fd: r.chance(0.5) ? fd : undefined,
        devices: Array.from({ length: r.int(5) }, () => ({
          ...safeDevice(r),
          access: r.pick([2, 4, 6, 1, 0]),
        })),
      });
    case 2:
      return encodePayload(MESSAGES.setRlimitMemlock, {
        value: r.pick([-1, 0, 65536, 8 << 20, randomInt(r)]),
      });
    case 3:
      return encodePayload(MESSAGES.close, r.chance(0.2) ? {} : { fds: [fd, randomInt(r), 0, 1, 2] });
    case 4:
      return encodePayload(MESSAGES.info, { fd });
    case 5:
      return encodePayload(MESSAGES.testRun, { fd, dataIn: randomBytes(r, 128), repeat: r.int(3) });
    default:
      return encodePayload(MESSAGES.hello, {});
  }
}

/** A valid frame damaged: truncated, a byte flipped, a digit changed, or doubled up. */
function damagedFrame(r: Random, payload: Uint8Array): Buffer {
  const frame = Buffer.from(encodeFrame(1 + r.int(1000), payload));
  const how = r.int(4);
  if (how === 0) return frame.subarray(0, r.int(frame.length));
  if (how === 1) {
    frame[7 + r.int(frame.length - 8)] ^= 1 << r.int(8);
    return frame;
  }
  if (how === 2)
    return Buffer.from(frame.toString("latin1").replace(/ \d+ /, ` ${r.int(1 << 30)} `), "latin1");
  return Buffer.concat([frame.subarray(0, r.int(frame.length)), frame]);
}

function fdTargets(pid: number): string[] {
  return readdirSync(`/proc/${pid}/fd`).map((fd) => readlinkSync(`/proc/${pid}/fd/${fd}`));
}

t.test(`${FRAMES} random frames`, { skip }, async (t) => {
  const tmp = mkdtempSync(join(tmpdir(), "lab-fuzz-"));
  const agent = await startAgent({ TMPDIR: tmp });
  t.teardown(() => {
    agent.child.kill("SIGKILL");
    rmSync(tmp, { recursive: true, force: true });
  });
  const { client } = agent;
  await client.hello();
  const fdsAtStart = fdTargets(agent.pid); // 0, 1, 2 and whatever the test runner let it inherit
  const r = seeded(0x5eed_2026);
  const fds: number[] = [];
  const seen = {
    garbage: 0,
    damaged: 0,
    random: 0,
    structured: 0,
    replies: 0,
    errors: 0,
    loaded: 0,
    probes: 0,
  };
  for (let i = 0; i < FRAMES; i++) {
    const pick = r.next();
    if (pick < 0.15) {
      seen.garbage++;
      client.writeRaw(
        r.chance(0.5) ? randomBytes(r, 300) : Buffer.from(`[ ${i}.0] kernel: noise \x1e${i}\n`),
      );
      continue;
    }
    if (pick < 0.3) {
      seen.damaged++;
      client.writeRaw(damagedFrame(r, r.chance(0.5) ? randomPayload(r) : structuredPayload(r, fds)));
      continue;
    }
    const structured = pick >= 0.55;
    const payload = structured ? structuredPayload(r, fds) : randomPayload(r);
    if (structured) seen.structured++;
    else seen.random++;
    const reply = await client.exchange(payload, 20_000);
    seen.replies++;
    if (reply.type === (MESSAGES.error | REPLY_BIT)) seen.errors++;
    if (reply.type === (MESSAGES.load | REPLY_BIT) && (reply.fields.fd as number) >= 0) {
      seen.loaded++;
      fds.push(reply.fields.fd as number);
    }
    if (reply.type === (MESSAGES.cgroupDeviceProbe | REPLY_BIT)) {
      seen.probes++;
      if (reply.fields.cgroup2Path !== undefined)
        t.equal(reply.fields.cgroup2Path, cgroup2(), "probes use the cgroup2 mount");
    }
    if (i % 1000 === 999) t.equal((await client.hello()).pid, agent.pid, `alive after ${i + 1} frames`);
  }
  t.comment(JSON.stringify(seen));
  t.ok(
    seen.loaded > 0 && seen.probes > 0 && seen.errors > 0,
    "the mix reached loads, probes and error frames",
  );

  const targets = fdTargets(agent.pid);
  const progs = targets.filter((x) => x === "anon_inode:bpf-prog").length;
  t.equal(targets.filter((x) => x === "anon_inode:bpf-map").length, 0, "no map fd outlives its load");
  t.equal(await client.close(), progs, "the agent owns exactly the programs it holds open");
  t.same(fdTargets(agent.pid), fdsAtStart, "after close the agent holds the fds it started with, no more");
  t.same(
    readdirSync(cgroup2()).filter((n) => n.startsWith(`lab-probe-${agent.pid}-`)),
    [],
    "no probe cgroup of this agent left under the cgroup2 mount",
  );
  t.same(readdirSync(tmp), [], "no device node or temp dir left");
  agent.child.stdin!.end();
  t.equal(await agent.exited, 0, "exits cleanly at EOF");
  t.equal(agent.stderr(), "", "nothing on stderr");
});
