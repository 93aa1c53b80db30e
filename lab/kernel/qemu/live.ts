/**
 * Every QEMU this process started and has not seen exit. On SIGINT/SIGTERM (Ctrl-C) the lab stops
 * them cleanly and then dies of the same signal; on any exit it SIGKILLs what is left (the reaper of
 * lab/kernel/qemu/spawn.ts covers a lab that is itself SIGKILLed).
 */

export interface LiveVm {
  /** a clean, escalating stop */
  stop(): Promise<void>;
  /** SIGKILL the VM's process group now (synchronous) */
  kill(): void;
}

const live = new Set<LiveVm>();
let installed = false;

export function track(vm: LiveVm): void {
  live.add(vm);
  installHandlers();
}

export function untrack(vm: LiveVm): void {
  live.delete(vm);
}

export function liveCount(): number {
  return live.size;
}

function installHandlers(): void {
  if (installed) return;
  installed = true;
  process.on("exit", () => {
    for (const vm of live) vm.kill();
  });
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.once(signal, () => void stopAllThenDie(signal));
  }
}

async function stopAllThenDie(signal: NodeJS.Signals): Promise<void> {
  const deadline = setTimeout(() => {
    for (const vm of live) vm.kill();
    process.kill(process.pid, signal);
  }, 5000);
  await Promise.allSettled([...live].map((vm) => vm.stop()));
  clearTimeout(deadline);
  process.kill(process.pid, signal);
}
