/**
 * The one protocol between the lab and its agent (images/agent/protocol.h mirrors every number here;
 * test/kernel/protocol.test.ts extracts them from the C files and compares).
 *
 * Framing: one frame per line, `\x1eLAB1 <seq> <len> <crc32hex8> <base64(payload)>\n`. Anything
 * outside a frame (kernel messages on a shared serial console) is skipped; a reader resynchronises
 * on the magic, and a frame whose length or CRC-32 does not match is dropped (the agent answers it
 * with an `error` frame). Replies carry the request's seq; seq 0 is the agent's start-up
 * announcement (`--announce`) or an error about a frame whose seq could not be read.
 *
 * Payload: one byte of message type, then fields. A field is `u8 id, u8 kind, u32le len, value`;
 * ints are 8-byte little-endian signed; obj is a nested field list; a list field simply repeats.
 * Unknown field ids are skipped; a known id with the wrong kind is an error (`WRONG_KIND`).
 */

export const FRAME_MAGIC = "\x1eLAB1 ";
export const PROTOCOL_VERSION = 1;
/** The largest payload either side accepts (a 48 MiB log plus its framing fits). */
export const MAX_PAYLOAD = 64 * 1024 * 1024;
/** The largest log buffer the agent allocates for one load. */
export const MAX_LOG_SIZE = 48 * 1024 * 1024;
/** A reply's type is the request's type with this bit set. */
export const REPLY_BIT = 0x80;

export const KINDS = { int: 1, bytes: 2, str: 3, obj: 4 } as const;
export type Kind = keyof typeof KINDS;

export const MESSAGES = {
  hello: 1,
  load: 2,
  info: 3,
  testRun: 4,
  cgroupDeviceProbe: 5,
  setRlimitMemlock: 6,
  close: 7,
  poweroff: 8,
  resend: 9,
  error: 0x7f,
} as const;
export type MessageName = keyof typeof MESSAGES;

/** Codes of `error` frames (malformed or unserviceable requests). */
export const ERROR_FRAME_CODES = [
  "BAD_FRAME",
  "BAD_CRC",
  "TOO_LARGE",
  "BAD_PAYLOAD",
  "UNKNOWN_MESSAGE",
  "MISSING_FIELD",
  "WRONG_KIND",
  "BAD_FD",
  "BAD_VALUE",
  "NO_REPLY",
  "INTERNAL",
] as const;
export type ErrorFrameCode = (typeof ERROR_FRAME_CODES)[number];

interface FieldDef {
  id: number;
  kind: Kind;
  list?: true;
}

/** Every field of every message: one id space, one kind each. */
export const FIELDS = {
  protocolVersion: { id: 1, kind: "int" },
  release: { id: 2, kind: "str" },
  machine: { id: 3, kind: "str" },
  pid: { id: 4, kind: "int" },
  uid: { id: 5, kind: "int" },
  bpfSyscall: { id: 6, kind: "int" },
  bpfErrno: { id: 7, kind: "str" },
  featLogTrueSize: { id: 8, kind: "int" },
  cgroup2Path: { id: 9, kind: "str" },
  unprivBpfDisabled: { id: 10, kind: "int" },
  progTypes: { id: 11, kind: "int" },
  memlock: { id: 12, kind: "int" },
  progType: { id: 20, kind: "int" },
  expectedAttachType: { id: 21, kind: "int" },
  insns: { id: 22, kind: "bytes" },
  license: { id: 23, kind: "str" },
  logLevel: { id: 24, kind: "int" },
  logSize: { id: 25, kind: "int" },
  progFlags: { id: 26, kind: "int" },
  progName: { id: 27, kind: "str" },
  maps: { id: 28, kind: "obj", list: true },
  relocs: { id: 29, kind: "obj", list: true },
  mapType: { id: 30, kind: "int" },
  keySize: { id: 31, kind: "int" },
  valueSize: { id: 32, kind: "int" },
  maxEntries: { id: 33, kind: "int" },
  mapFlags: { id: 34, kind: "int" },
  insnIndex: { id: 35, kind: "int" },
  mapIndex: { id: 36, kind: "int" },
  relocKind: { id: 37, kind: "int" },
  offset: { id: 38, kind: "int" },
  fd: { id: 40, kind: "int" },
  errno: { id: 41, kind: "str" },
  log: { id: 42, kind: "bytes" },
  logTrueSize: { id: 43, kind: "int" },
  durationNs: { id: 44, kind: "int" },
  failedAt: { id: 45, kind: "str" },
  xlated: { id: 46, kind: "bytes" },
  jitedLen: { id: 47, kind: "int" },
  dataIn: { id: 48, kind: "bytes" },
  ctxIn: { id: 49, kind: "bytes" },
  dataSizeOut: { id: 50, kind: "int" },
  ctxSizeOut: { id: 51, kind: "int" },
  repeat: { id: 52, kind: "int" },
  retval: { id: 53, kind: "int" },
  dataOut: { id: 54, kind: "bytes" },
  ctxOut: { id: 55, kind: "bytes" },
  devices: { id: 56, kind: "obj", list: true },
  devType: { id: 57, kind: "int" },
  major: { id: 58, kind: "int" },
  minor: { id: 59, kind: "int" },
  access: { id: 60, kind: "int" },
  allowed: { id: 61, kind: "int" },
  attached: { id: 62, kind: "int" },
  fds: { id: 63, kind: "int", list: true },
  value: { id: 64, kind: "int" },
  previous: { id: 65, kind: "int" },
  code: { id: 66, kind: "str" },
  message: { id: 67, kind: "str" },
  tag: { id: 68, kind: "bytes" },
  xlatedLen: { id: 69, kind: "int" },
} as const satisfies Record<string, FieldDef>;
export type FieldName = keyof typeof FIELDS;

/** BPF_DEVCG_DEV_* and BPF_DEVCG_ACC_* as the probe takes them. */
export const DEV_TYPE = { block: 1, char: 2 } as const;
export const DEV_ACCESS = { read: 2, write: 4 } as const;
/** BPF_PSEUDO_MAP_FD / BPF_PSEUDO_MAP_VALUE */
export const RELOC_KIND = { fd: 1, value: 2 } as const;

// ---- message shapes (what the client sends and receives) ----

export interface HelloReply {
  protocolVersion: number;
  release: string;
  machine: string;
  pid: number;
  uid: number;
  bpfSyscall: number;
  bpfErrno?: string;
  featLogTrueSize: number;
  cgroup2Path?: string;
  unprivBpfDisabled: number;
  progTypes: number;
  memlock: number;
}

export interface MapSpec {
  mapType: number;
  keySize: number;
  valueSize: number;
  maxEntries: number;
  mapFlags: number;
}

export interface RelocSpec {
  insnIndex: number;
  mapIndex: number;
  relocKind: number;
  offset: number;
}

export interface LoadRequestMsg {
  progType: number;
  expectedAttachType?: number;
  insns: Uint8Array;
  license: string;
  logLevel: number;
  logSize: number;
  progFlags?: number;
  progName?: string;
  maps?: MapSpec[];
  relocs?: RelocSpec[];
}

export interface LoadReply {
  fd: number;
  errno?: string;
  failedAt?: string;
  log: Uint8Array;
  /** -1 when the kernel does not report it */
  logTrueSize: number;
  durationNs: number;
}

export interface InfoReply {
  errno?: string;
  xlated?: Uint8Array;
  xlatedLen?: number;
  jitedLen?: number;
  tag?: Uint8Array;
}

export interface TestRunRequestMsg {
  fd: number;
  dataIn?: Uint8Array;
  ctxIn?: Uint8Array;
  dataSizeOut?: number;
  ctxSizeOut?: number;
  repeat?: number;
}

export interface TestRunReply {
  errno?: string;
  retval?: number;
  dataOut?: Uint8Array;
  ctxOut?: Uint8Array;
  durationNs?: number;
}

export interface ProbeDevice {
  devType: number;
  major: number;
  minor: number;
  /** DEV_ACCESS bits; default read */
  access?: number;
}

export interface ProbeRequestMsg {
  /** omitted: probe with no program attached */
  fd?: number;
  devices: ProbeDevice[];
}

export interface ProbeResult extends ProbeDevice {
  /** "" when open() succeeded */
  errno: string;
  allowed: number;
}

export interface ProbeReply {
  attached: number;
  errno?: string;
  failedAt?: string;
  cgroup2Path?: string;
  devices?: ProbeResult[];
}

export interface ErrorReply {
  code: ErrorFrameCode | string;
  message: string;
}

export type FieldValue = number | string | Uint8Array | FieldRecord | number[] | FieldRecord[];
export interface FieldRecord {
  [name: string]: FieldValue | undefined;
}

export interface Message {
  type: number;
  fields: FieldRecord;
}
