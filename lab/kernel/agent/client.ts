/**
 * The lab's side of the agent protocol over any byte-stream pair: a child process's stdout/stdin
 * (host backend), a unix socket or a pty (QEMU). Requests may overlap; replies are matched by seq.
 * Each request has a timeout. Failures are LabErrors: KERNEL_AGENT_PROTOCOL when the agent
 * answered with an error frame or something unreadable, KERNEL_AGENT_FAILED when it did not
 * answer in time or the channel closed. A reply garbled on the way (kernel messages on a shared
 * console) is asked for again with `resend`.
 */
import type { Readable, Writable } from "node:stream";
import { LabError } from "../../errors.js";
import {
  type ErrorReply,
  type FieldRecord,
  type HelloReply,
  type InfoReply,
  type LoadReply,
  type LoadRequestMsg,
  MESSAGES,
  type Message,
  type MessageName,
  type ProbeReply,
  type ProbeRequestMsg,
  REPLY_BIT,
  type TestRunReply,
  type TestRunRequestMsg,
} from "../protocol.js";
import { decodePayload, encodePayload } from "./codec.js";
import { encodeFrame, FrameDecoder, type FrameEvent } from "./framing.js";

export interface AgentClientOptions {
  /** default per-request timeout, ms [30000] */
  timeoutMs?: number;
  /** bytes seen outside frames (console text) */
  onNoise?: (bytes: Uint8Array) => void;
  /** names the channel in error messages, e.g. "host agent" or "qemu debian-6.1 arm64" */
  label?: string;
}

interface Pending {
  type: number;
  name: MessageName;
  resolve: (fields: FieldRecord) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
  resends: number;
  /** exchange(): resolve with the decoded reply, whatever its type */
  raw?: (message: Message) => void;
}

const MAX_SEQ = 0xffffffff;

export class AgentClient {
  private readonly decoder = new FrameDecoder();
  private readonly pending = new Map<number, Pending>();
  private readonly announceWaiters: Array<(hello: HelloReply) => void> = [];
  private seq = 0;
  private closedError: LabError | null = null;
  private readonly label: string;
  private readonly timeoutMs: number;

  constructor(
    private readonly input: Readable,
    private readonly output: Writable,
    private readonly options: AgentClientOptions = {},
  ) {
    this.label = options.label ?? "agent";
    this.timeoutMs = options.timeoutMs ?? 30_000;
    input.on("data", (chunk: Buffer) => this.receive(chunk));
    input.on("end", () => this.fail(`${this.label}: the channel closed`));
    input.on("error", (error) => this.fail(`${this.label}: the channel failed: ${error.message}`));
    output.on("error", (error) =>
      this.fail(`${this.label}: writing to the channel failed: ${error.message}`),
    );
  }

  hello(timeoutMs?: number): Promise<HelloReply> {
    return this.request("hello", {}, timeoutMs) as unknown as Promise<HelloReply>;
  }

  /** Resolves with the hello an agent started with --announce sends unasked. */
  waitAnnounce(): Promise<HelloReply> {
    return new Promise((resolve) => this.announceWaiters.push(resolve));
  }

  load(msg: LoadRequestMsg, timeoutMs?: number): Promise<LoadReply> {
    return this.request("load", msg as unknown as FieldRecord, timeoutMs) as unknown as Promise<LoadReply>;
  }

  info(fd: number): Promise<InfoReply> {
    return this.request("info", { fd }) as unknown as Promise<InfoReply>;
  }

  testRun(msg: TestRunRequestMsg, timeoutMs?: number): Promise<TestRunReply> {
    return this.request(
      "testRun",
      msg as unknown as FieldRecord,
      timeoutMs,
    ) as unknown as Promise<TestRunReply>;
  }

  cgroupDeviceProbe(msg: ProbeRequestMsg, timeoutMs?: number): Promise<ProbeReply> {
    return this.request(
      "cgroupDeviceProbe",
      msg as unknown as FieldRecord,
      timeoutMs,
    ) as unknown as Promise<ProbeReply>;
  }

  /** RLIMIT_MEMLOCK (soft and hard) in bytes, -1 for unlimited; returns the value before and after. */
  setRlimitMemlock(value: number): Promise<{ previous: number; value: number; errno?: string }> {
    return this.request("setRlimitMemlock", { value }) as unknown as Promise<{
      previous: number;
      value: number;
    }>;
  }

  /** Close programs the agent made; no list closes all of them. Returns how many were closed. */
  async close(fds?: number[]): Promise<number> {
    const reply = await this.request("close", fds ? { fds } : {});
    return reply.value as number;
  }

  /** Guest: power the VM off (pid 1); host: the agent exits. */
  async poweroff(timeoutMs?: number): Promise<void> {
    await this.request("poweroff", {}, timeoutMs);
  }

  /** Send any message (the fuzz test and future messages use this). */
  request(name: MessageName, fields: FieldRecord, timeoutMs = this.timeoutMs): Promise<FieldRecord> {
    if (this.closedError) return Promise.reject(this.closedError);
    const type = MESSAGES[name];
    this.seq = this.seq >= MAX_SEQ ? 1 : this.seq + 1;
    const seq = this.seq;
    const frame = encodeFrame(seq, encodePayload(type, fields));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(seq);
        reject(
          new LabError("KERNEL_AGENT_FAILED", `${this.label}: no answer to ${name} within ${timeoutMs} ms`),
        );
      }, timeoutMs);
      this.pending.set(seq, { type, name, resolve, reject, timer, resends: 0 });
      this.output.write(frame);
    });
  }

  /**
   * Send a hand-made payload and resolve with whatever comes back for its seq, error frames
   * included (the fuzz test, protocol tests).
   */
  exchange(payload: Uint8Array, timeoutMs = this.timeoutMs): Promise<Message> {
    if (this.closedError) return Promise.reject(this.closedError);
    this.seq = this.seq >= MAX_SEQ ? 1 : this.seq + 1;
    const seq = this.seq;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(seq);
        reject(
          new LabError(
            "KERNEL_AGENT_FAILED",
            `${this.label}: no answer to a raw frame within ${timeoutMs} ms`,
          ),
        );
      }, timeoutMs);
      const raw = (message: Message) => resolve(message);
      this.pending.set(seq, {
        type: -1,
        name: "hello",
        resolve: () => undefined,
        reject,
        timer,
        resends: 0,
        raw,
      });
      this.output.write(encodeFrame(seq, payload));
    });
  }

  /** Write raw bytes to the channel (tests: garbage, hand-made frames). */
  writeRaw(bytes: Uint8Array): void {
    this.output.write(bytes);
  }

  /** Reject everything pending and stop listening. */
  dispose(reason = `${this.label}: the client was closed`): void {
    this.fail(reason);
    this.input.removeAllListeners("data");
  }

  private receive(chunk: Buffer): void {
    for (const event of this.decoder.push(chunk)) this.handle(event);
  }

  private handle(event: FrameEvent): void {
    if (event.kind === "noise") {
      this.options.onNoise?.(event.bytes);
      return;
    }
    if (event.kind === "bad") {
      this.askAgain(event.seq);
      return;
    }
    let message: ReturnType<typeof decodePayload>;
    try {
      message = decodePayload(event.payload);
    } catch (error) {
      this.settle(event.seq, protocolError(`${this.label}: unreadable reply: ${(error as Error).message}`));
      return;
    }
    if ((message.type & REPLY_BIT) === 0) return; // our own request echoed by a tty not yet in raw mode
    if (event.seq === 0 && message.type === (MESSAGES.hello | REPLY_BIT)) {
      for (const waiter of this.announceWaiters.splice(0)) waiter(message.fields as unknown as HelloReply);
      return;
    }
    const pending = this.pending.get(event.seq);
    if (!pending) return;
    if (pending.raw) {
      const raw = pending.raw;
      this.settle(event.seq, {});
      raw(message);
    } else if (message.type === (MESSAGES.error | REPLY_BIT)) {
      const err = message.fields as unknown as ErrorReply;
      this.settle(
        event.seq,
        protocolError(`${this.label}: ${pending.name} refused: ${err.code}: ${err.message}`),
      );
    } else if (message.type !== (pending.type | REPLY_BIT)) {
      this.settle(
        event.seq,
        protocolError(`${this.label}: ${pending.name} got a reply of type ${message.type}`),
      );
    } else {
      this.settle(event.seq, message.fields);
    }
  }

  /** A garbled frame: ask for the reply again when it is ours to ask for. */
  private askAgain(seq: number | null): void {
    const target =
      seq !== null && this.pending.has(seq)
        ? seq
        : this.pending.size === 1
          ? [...this.pending.keys()][0]!
          : null;
    if (target === null) return;
    const pending = this.pending.get(target)!;
    if (pending.resends++ >= 3) {
      this.settle(target, protocolError(`${this.label}: the reply to ${pending.name} kept arriving garbled`));
      return;
    }
    this.output.write(encodeFrame(target, encodePayload(MESSAGES.resend, {})));
  }

  private settle(seq: number, outcome: FieldRecord | Error): void {
    const pending = this.pending.get(seq);
    if (!pending) return;
    this.pending.delete(seq);
    clearTimeout(pending.timer);
    if (outcome instanceof Error) pending.reject(outcome);
    else pending.resolve(outcome);
  }

  private fail(message: string): void {
    if (!this.closedError) this.closedError = new LabError("KERNEL_AGENT_FAILED", message);
    for (const seq of [...this.pending.keys()]) this.settle(seq, this.closedError);
  }
}

function protocolError(message: string): LabError {
  return new LabError("KERNEL_AGENT_PROTOCOL", message);
}
