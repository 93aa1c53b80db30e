/**
 * The VM lifecycle as data: created -> booting -> ready <-> busy -> stopping -> stopped | failed.
 * `next()` is pure; lab/kernel/qemu/vm.ts drives it and arms the timeout each state names.
 * A fault (boot timeout, request timeout, lost channel) while the VM runs leads to `stopping`
 * with the fault recorded, and a stop that follows a fault ends in `failed`, not `stopped`.
 */

export type VmState = "created" | "booting" | "ready" | "busy" | "stopping" | "stopped" | "failed";

export type VmEvent =
  | { type: "start" }
  | { type: "hello" }
  | { type: "request" }
  | { type: "reply" }
  | { type: "stop" }
  | { type: "fault"; reason: string }
  | { type: "exited"; reason: string };

export interface VmSnapshot {
  state: VmState;
  /** the first fault seen, or null */
  fault: string | null;
}

type Target = VmState | "stopping+fault" | "end";

/** Where each event leads from each state; a missing entry is an illegal transition. */
export const TRANSITIONS: Record<VmState, Partial<Record<VmEvent["type"], Target>>> = {
  created: { start: "booting", stop: "stopped", fault: "failed", exited: "failed" },
  booting: { hello: "ready", stop: "stopping", fault: "stopping+fault", exited: "failed" },
  ready: { request: "busy", stop: "stopping", fault: "stopping+fault", exited: "failed" },
  busy: { reply: "ready", stop: "stopping", fault: "stopping+fault", exited: "failed" },
  stopping: {
    stop: "stopping",
    fault: "stopping+fault",
    exited: "end",
    reply: "stopping",
    hello: "stopping",
  },
  stopped: { stop: "stopped", exited: "stopped", fault: "stopped", reply: "stopped" },
  failed: { stop: "failed", exited: "failed", fault: "failed", reply: "failed" },
};

/** Which timeout guards each state (a key of VmTimeouts), or null for none. */
export const STATE_TIMEOUT: Record<VmState, keyof VmTimeouts | null> = {
  created: null,
  booting: "bootMs",
  ready: null,
  busy: "requestMs",
  stopping: "stopStepMs",
  stopped: null,
  failed: null,
};

export interface VmTimeouts {
  /** QEMU start to the agent's hello */
  bootMs: number;
  /** one agent request */
  requestMs: number;
  /** each step of the stop escalation (poweroff, QMP quit, SIGTERM, SIGKILL) */
  stopStepMs: number;
}

export class IllegalTransition extends Error {
  constructor(
    readonly from: VmState,
    readonly event: VmEvent["type"],
  ) {
    super(`VM: no transition from ${from} on ${event}`);
    this.name = "IllegalTransition";
  }
}

export function next(snapshot: VmSnapshot, event: VmEvent): VmSnapshot {
  const target = TRANSITIONS[snapshot.state][event.type];
  if (target === undefined) throw new IllegalTransition(snapshot.state, event.type);
  const reason = event.type === "fault" || event.type === "exited" ? event.reason : null;
  switch (target) {
    case "stopping+fault":
      return { state: "stopping", fault: snapshot.fault ?? reason };
    case "end":
      return { state: snapshot.fault === null ? "stopped" : "failed", fault: snapshot.fault };
    case "failed":
      return { state: "failed", fault: snapshot.fault ?? reason };
    default:
      return { state: target, fault: snapshot.fault };
  }
}

export function isTerminal(state: VmState): boolean {
  return state === "stopped" || state === "failed";
}
