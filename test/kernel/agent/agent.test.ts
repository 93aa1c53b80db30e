/**
 * The real agent on the host: round trips of every message, malformed frames answered with error
 * frames while it keeps serving, noise between frames, resend, and a tty channel (a pty through
 * `script`) as a guest's serial port would be.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { release } from "node:os";
import { PassThrough } from "node:stream";
import t from "tap";
import { buildAgent } from "../../../images/agent/build.js";
import { hostArch } from "../../../lab/arch.js";
import { AgentClient } from "../../../lab/kernel/agent/client.js";
import { decodePayload, encodePayload } from "../../../lab/kernel/agent/codec.js";
import { encodeFrame, FrameDecoder, type FrameEvent } from "../../../lab/kernel/agent/framing.js";
import { MESSAGES, REPLY_BIT } from "../../../lab/kernel/protocol.js";
import { hostSkipReason, startAgent } from "../helpers/agent.js";

const skip = hostSkipReason();
const SOCKET_FILTER = 1;
const R0_7_EXIT = Uint8Array.of(0xb7, 0, 0, 0, 7, 0, 0, 0, 0x95, 0, 0, 0, 0, 0, 0, 0);

function cgroup2FromMountinfo(): string | undefined {
  const line = readFileSync("/proc/self/mountinfo", "utf8")
    .split("\n")
    .find((l) => / - cgroup2 /.test(l));
  return line?.split(" ")[4];
}

t.test("round trips", { skip }, async (t) => {
  const agent = await startAgent();
  const { client } = agent;
  t.teardown(() => agent.child.kill("SIGKILL"));

  const hello = await client.hello();
  t.equal(hello.release, release());
  t.equal(hello.pid, agent.pid);
  t.equal(hello.bpfSyscall, 1);
  t.equal(hello.cgroup2Path, cgroup2FromMountinfo());
  t.equal(
    hello.unprivBpfDisabled,
    Number(readFileSync("/proc/sys/kernel/unprivileged_bpf_disabled", "utf8")),
  );
  t.ok(hello.progTypes & (1 << 15), "cgroup_device loads trivially");

  const load = await client.load({
    progType: SOCKET_FILTER,
    insns: R0_7_EXIT,
    license: "GPL",
    logLevel: 0,
    logSize: 0,
  });
  t.ok(load.fd > 2, "a program fd");
  const info = await client.info(load.fd);
  t.same([...info.xlated!], [...R0_7_EXIT], "xlated equals what was loaded");
  t.ok(info.jitedLen! > 0, "jited");
  const run = await client.testRun({ fd: load.fd, dataIn: new Uint8Array(64) });
  t.equal(run.retval, 7, "BPF_PROG_TEST_RUN returned r0");
  t.equal(run.dataOut?.length, 64);

  const bad = await client.load({
    progType: SOCKET_FILTER,
    insns: Uint8Array.of(0xb7, 0, 0, 0, 7, 0, 0, 0),
    license: "GPL",
    logLevel: 1,
    logSize: 4096,
  });
  t.equal(bad.fd, -1);
  t.equal(bad.errno, "EINVAL");
  t.match(Buffer.from(bad.log).toString(), /last insn is not an exit or jmp/);

  const rl = await client.setRlimitMemlock(1 << 20);
  t.equal(rl.value, 1 << 20);
  const back = await client.setRlimitMemlock(rl.previous);
  t.equal(back.value, rl.previous);

  t.equal(await client.close([load.fd, 1, 0]), 1, "only the agent's own fd is closed");
  await t.rejects(client.info(load.fd), { code: "KERNEL_AGENT_PROTOCOL", message: /BAD_FD/ });
  t.equal((await client.hello()).pid, agent.pid, "still serving after refusing");
});

t.test("maps are created and patched into ld_imm64", { skip }, async (t) => {
  const agent = await startAgent();
  t.teardown(() => agent.child.kill("SIGKILL"));
  // r1 = map[0] ll (src_reg 1: BPF_PSEUDO_MAP_FD); r0 = 0; exit
  const insns = Uint8Array.of(
    0x18,
    0x11,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0xb7,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0x95,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
  );
  const map = { mapType: 2, keySize: 4, valueSize: 8, maxEntries: 1, mapFlags: 0 };
  const unpatched = await agent.client.load({
    progType: SOCKET_FILTER,
    insns,
    license: "GPL",
    logLevel: 1,
    logSize: 4096,
  });
  t.not(unpatched.fd >= 0, `without the relocation the map fd is 0, not a map (${unpatched.errno})`);
  const ok = await agent.client.load({
    progType: SOCKET_FILTER,
    insns,
    license: "GPL",
    logLevel: 0,
    logSize: 0,
    maps: [map],
    relocs: [{ insnIndex: 0, mapIndex: 0, relocKind: 1, offset: 0 }],
  });
  t.ok(ok.fd > 2, `loaded with a map (${ok.errno ?? "ok"})`);
  const xlated = (await agent.client.info(ok.fd)).xlated!;
  t.equal(xlated[1]! >> 4, 1, "the kernel kept the pseudo map-fd ld_imm64");
  await t.rejects(
    agent.client.load({
      progType: SOCKET_FILTER,
      insns,
      license: "GPL",
      logLevel: 0,
      logSize: 0,
      maps: [map],
      relocs: [{ insnIndex: 3, mapIndex: 0, relocKind: 1, offset: 0 }],
    }),
    { code: "KERNEL_AGENT_PROTOCOL", message: /BAD_VALUE/ },
  );
  const badMap = await agent.client.load({
    progType: SOCKET_FILTER,
    insns,
    license: "GPL",
    logLevel: 0,
    logSize: 0,
    maps: [{ ...map, keySize: 0 }],
  });
  t.match(badMap, { fd: -1, errno: "EINVAL", failedAt: "map_create" });
});

t.test("malformed frames get error frames and the agent keeps serving", { skip }, async (t) => {
  const agent = await startAgent();
  const { client } = agent;
  t.teardown(() => agent.child.kill("SIGKILL"));
  const errorOf = async (payload: Uint8Array) => {
    const reply = await client.exchange(payload);
    t.equal(reply.type, MESSAGES.error | REPLY_BIT);
    return reply.fields.code;
  };
  t.equal(await errorOf(Uint8Array.of(99)), "UNKNOWN_MESSAGE");
  t.equal(await errorOf(encodePayload(MESSAGES.load, { license: "GPL" })), "MISSING_FIELD");
  const wrong = encodePayload(MESSAGES.load, { progType: 1 });
  wrong[2] = 2; // progType as bytes
  t.equal(await errorOf(wrong), "WRONG_KIND");
  t.equal(
    await errorOf(Uint8Array.of(MESSAGES.load, 22, 2, 255, 255, 0, 0)),
    "BAD_PAYLOAD",
    "field overruns",
  );
  t.equal(
    await errorOf(encodePayload(MESSAGES.load, { progType: 1, insns: new Uint8Array(7) })),
    "BAD_VALUE",
  );
  t.equal(
    await errorOf(encodePayload(MESSAGES.load, { progType: 1, insns: R0_7_EXIT, logSize: 2 ** 40 })),
    "BAD_VALUE",
  );
  t.equal(await errorOf(encodePayload(MESSAGES.info, { fd: 0 })), "BAD_FD");
  t.equal(await errorOf(new Uint8Array()), "BAD_PAYLOAD");
  client.writeRaw(Buffer.from("garbage\n\x1eLAB1 x\n\x1eLAB1 5 3 00000000 AAAA\n\x1e\x1e\x1e\nmore\x00\xff"));
  t.equal((await client.hello()).pid, agent.pid, "hello after garbage");
  agent.child.stdin!.end();
  t.equal(await agent.exited, 0, "EOF ends the agent cleanly");
  t.equal(agent.stderr(), "");
});

/** Talk to an agent with bare frames (no client), for resend and the announce. */
function rawChannel(child: ReturnType<typeof spawn>) {
  const decoder = new FrameDecoder();
  const queue: FrameEvent[] = [];
  let wake: (() => void) | null = null;
  child.stdout!.on("data", (c: Buffer) => {
    queue.push(...decoder.push(c).filter((e) => e.kind !== "noise"));
    wake?.();
  });
  return {
    send: (seq: number, type: number, fields = {}) =>
      child.stdin!.write(encodeFrame(seq, encodePayload(type, fields))),
    async next(): Promise<FrameEvent> {
      while (queue.length === 0) await new Promise<void>((r) => (wake = r));
      return queue.shift()!;
    },
  };
}

t.test("announce, resend, and replies are never answered", { skip }, async (t) => {
  const child = spawn(await buildAgent(hostArch()), ["--announce"], { stdio: ["pipe", "pipe", "inherit"] });
  t.teardown(() => child.kill("SIGKILL"));
  const ch = rawChannel(child);
  const announce = await ch.next();
  t.match(announce, { kind: "frame", seq: 0 });
  t.equal(decodePayload((announce as { payload: Uint8Array }).payload).type, MESSAGES.hello | REPLY_BIT);
  ch.send(41, MESSAGES.hello | REPLY_BIT, { pid: 1 }); // an echoed reply: ignored
  ch.send(42, MESSAGES.hello);
  const first = (await ch.next()) as { seq: number; payload: Uint8Array };
  t.equal(first.seq, 42, "the echoed reply got no answer");
  ch.send(42, MESSAGES.resend);
  const again = (await ch.next()) as { seq: number; payload: Uint8Array };
  t.same(
    [again.seq, Buffer.from(again.payload)],
    [42, Buffer.from(first.payload)],
    "resend repeats the reply",
  );
  ch.send(40, MESSAGES.resend);
  const none = (await ch.next()) as { seq: number; payload: Uint8Array };
  t.match(decodePayload(none.payload).fields, { code: "NO_REPLY" });
});

t.test("a tty channel (pty via script), as a guest's serial port", { skip }, async (t) => {
  const bin = await buildAgent(hostArch());
  const child = spawn(
    "script",
    ["-q", "-E", "never", "-c", `${bin} --port /dev/tty --announce`, "/dev/null"],
    {
      stdio: ["pipe", "pipe", "inherit"],
    },
  );
  t.teardown(() => child.kill("SIGKILL"));
  const client = new AgentClient(child.stdout!, child.stdin!, { label: "pty agent", timeoutMs: 20_000 });
  const announced = await client.waitAnnounce();
  t.equal(announced.release, release());
  // a reply far longer than a tty line (4 KiB canonical limit): level-2 log of a branchy program
  const insns: number[] = [0xb7, 0, 0, 0, 0, 0, 0, 0];
  for (let i = 0; i < 200; i++) insns.push(0x07, 0, 0, 0, 1, 0, 0, 0);
  insns.push(0x95, 0, 0, 0, 0, 0, 0, 0);
  const load = await client.load({
    progType: SOCKET_FILTER,
    insns: Uint8Array.from(insns),
    license: "GPL",
    logLevel: 2,
    logSize: 1 << 20,
  });
  t.ok(load.fd > 0);
  t.ok(load.log.length > 8000, `a ${load.log.length}-byte log came through the tty intact`);
  t.match(Buffer.from(load.log).toString(), /processed 202 insns/);
  await client.poweroff();
  client.dispose();
});

t.test("a reply cut by console text on the way is asked for again (resend)", { skip }, async (t) => {
  const child = spawn(await buildAgent(hostArch()), [], { stdio: ["pipe", "pipe", "inherit"] });
  t.teardown(() => child.kill("SIGKILL"));
  const wire = new PassThrough();
  let garbled = 0;
  child.stdout!.on("data", (chunk: Buffer) => {
    // the first two frames: a kernel message lands in the middle of the line, as on a shared console
    if (garbled < 2 && chunk.length > 40) {
      garbled++;
      const cut = Math.floor(chunk.length / 2);
      wire.write(
        Buffer.concat([
          chunk.subarray(0, cut),
          Buffer.from("\n[   12.345678] random: crng init done\n"),
          chunk.subarray(cut),
        ]),
      );
    } else wire.write(chunk);
  });
  const noise: string[] = [];
  const client = new AgentClient(wire, child.stdin!, {
    onNoise: (b) => noise.push(Buffer.from(b).toString()),
  });
  const hello = await client.hello();
  t.equal(hello.pid, child.pid, "the hello arrived after a resend");
  const load = await client.load({
    progType: SOCKET_FILTER,
    insns: R0_7_EXIT,
    license: "GPL",
    logLevel: 1,
    logSize: 4096,
  });
  t.ok(load.fd > 0, "and the load reply after another");
  t.equal(garbled, 2);
  t.match(noise.join(""), /crng init done/, "the console text is handed to onNoise");
});

t.test("requests echoed back (a tty before raw mode) are ignored by the client", { skip }, async (t) => {
  const child = spawn(await buildAgent(hostArch()), [], { stdio: ["pipe", "pipe", "inherit"] });
  t.teardown(() => child.kill("SIGKILL"));
  const input = new PassThrough();
  const output = new PassThrough();
  output.on("data", (chunk: Buffer) => {
    input.write(chunk); // the echo arrives first
    child.stdin!.write(chunk);
  });
  child.stdout!.on("data", (chunk: Buffer) => input.write(chunk));
  const client = new AgentClient(input, output);
  t.equal((await client.hello()).pid, child.pid);
  t.equal(await client.close(), 0);
});

t.test("damaged frames: the agent's error frame names the fault and the seq", { skip }, async (t) => {
  const child = spawn(await buildAgent(hostArch()), [], { stdio: ["pipe", "pipe", "inherit"] });
  t.teardown(() => child.kill("SIGKILL"));
  const ch = rawChannel(child);
  const good = encodeFrame(5, encodePayload(MESSAGES.hello, {})).toString("latin1");
  const cases: Array<[number, string, string]> = [
    [11, "\x1eLAB1 11 999999999 00000000 AAAA\n", "TOO_LARGE"],
    [12, good.replace("LAB1 5 ", "LAB1 12 ").replace(/ [0-9a-f]{8} /, " 0badc0de "), "BAD_CRC"],
    [13, good.replace("LAB1 5 ", "LAB1 13 ").replace(" 1 ", " 2 "), "BAD_FRAME"],
    [14, "\x1eLAB1 14 3 00000000 A*==\n", "BAD_FRAME"],
    [15, "\x1eLAB1 15 3 0000000g AAAA\n", "BAD_FRAME"],
    [16, "\x1eLAB1 16\n", "BAD_FRAME"],
  ];
  for (const [seq, line, code] of cases) {
    child.stdin!.write(Buffer.from(line, "latin1"));
    const reply = (await ch.next()) as { kind: string; seq: number; payload: Uint8Array };
    t.equal(reply.seq, seq, `${code}: seq ${seq}`);
    t.match(decodePayload(reply.payload), { type: MESSAGES.error | REPLY_BIT, fields: { code } });
  }
  ch.send(17, MESSAGES.hello);
  t.match(await ch.next(), { kind: "frame", seq: 17 }, "still serving");
});

t.test("timeouts and a dead agent are KERNEL_AGENT_FAILED", { skip }, async (t) => {
  const agent = await startAgent();
  t.teardown(() => agent.child.kill("SIGKILL"));
  await agent.client.hello();
  agent.child.kill("SIGSTOP");
  await t.rejects(agent.client.hello(300), {
    code: "KERNEL_AGENT_FAILED",
    message: /no answer to hello within 300 ms/,
  });
  agent.child.kill("SIGCONT");
  const outcome = agent.client
    .load({ progType: SOCKET_FILTER, insns: R0_7_EXIT, license: "GPL", logLevel: 0, logSize: 0 })
    .then(
      () => "answered",
      (error: { code?: string }) => error.code,
    );
  agent.child.kill("SIGKILL");
  await agent.exited;
  t.match(await outcome, /^(answered|KERNEL_AGENT_FAILED)$/, "the in-flight request settles either way");
  await t.rejects(agent.client.hello(), { code: "KERNEL_AGENT_FAILED", message: /channel closed|failed/ });
});
