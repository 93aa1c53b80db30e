import t from "tap";
import {
  IllegalTransition,
  isTerminal,
  next,
  STATE_TIMEOUT,
  TRANSITIONS,
  type VmEvent,
  type VmSnapshot,
  type VmState,
} from "../../../lab/kernel/qemu/states.js";

const start: VmSnapshot = { state: "created", fault: null };

function run(events: VmEvent[], from: VmSnapshot = start): VmSnapshot {
  return events.reduce(next, from);
}

t.test("a clean life: boot, serve requests, stop", async (t) => {
  const seen: VmState[] = [];
  let snap = start;
  for (const event of [
    { type: "start" },
    { type: "hello" },
    { type: "request" },
    { type: "reply" },
    { type: "request" },
    { type: "reply" },
    { type: "stop" },
    { type: "exited", reason: "poweroff" },
  ] as VmEvent[]) {
    snap = next(snap, event);
    seen.push(snap.state);
  }
  t.same(seen, ["booting", "ready", "busy", "ready", "busy", "ready", "stopping", "stopped"]);
  t.equal(snap.fault, null);
});

t.test("a fault while running stops the VM and ends in failed, keeping the first reason", async (t) => {
  const snap = run([
    { type: "start" },
    { type: "fault", reason: "no hello in 30 s" },
    { type: "fault", reason: "later noise" },
    { type: "exited", reason: "SIGKILL" },
  ]);
  t.same(snap, { state: "failed", fault: "no hello in 30 s" });
  const busy = run([
    { type: "start" },
    { type: "hello" },
    { type: "request" },
    { type: "fault", reason: "timeout" },
  ]);
  t.same(busy, { state: "stopping", fault: "timeout" });
  t.same(next(busy, { type: "exited", reason: "x" }), { state: "failed", fault: "timeout" });
});

t.test("QEMU exiting on its own before a stop is a failure with its reason", async (t) => {
  for (const before of [[{ type: "start" }], [{ type: "start" }, { type: "hello" }]] as VmEvent[][]) {
    t.same(run([...before, { type: "exited", reason: "kernel panic" }]), {
      state: "failed",
      fault: "kernel panic",
    });
  }
});

t.test("illegal transitions throw and name the state and event", async (t) => {
  t.throws(() => next(start, { type: "request" }), { name: "IllegalTransition" });
  t.ok(
    (() => {
      try {
        next(start, { type: "hello" });
      } catch (error) {
        return error instanceof IllegalTransition;
      }
    })(),
  );
  t.throws(() => run([{ type: "start" }, { type: "request" }]), {
    message: "VM: no transition from booting on request",
  });
  t.throws(() => run([{ type: "start" }, { type: "hello" }, { type: "hello" }]), {
    message: "VM: no transition from ready on hello",
  });
});

t.test("terminal states absorb late events; a never-started VM stops at once", async (t) => {
  t.same(next(start, { type: "stop" }), { state: "stopped", fault: null });
  for (const state of ["stopped", "failed"] as VmState[]) {
    t.ok(isTerminal(state));
    for (const type of ["stop", "exited", "fault", "reply"] as const) {
      const event = (type === "fault" || type === "exited" ? { type, reason: "late" } : { type }) as VmEvent;
      t.equal(next({ state, fault: null }, event).state, state, `${state} + ${type}`);
    }
  }
});

t.test("each running state is guarded by a timeout; every state has a row", async (t) => {
  t.same(Object.keys(TRANSITIONS).sort(), Object.keys(STATE_TIMEOUT).sort());
  t.equal(STATE_TIMEOUT.booting, "bootMs");
  t.equal(STATE_TIMEOUT.busy, "requestMs");
  t.equal(STATE_TIMEOUT.stopping, "stopStepMs");
});
