/**
 * Booted VMs shared by key (kernel image x arch x accel x channel): every backend opened for the
 * same key leases the same VM, so all loads and probes of one kernel x arch go to one boot. At most
 * `limit` VMs live at once (default: the number of cores); a lease for a new key waits for a slot.
 * A VM is stopped when its last lease is released, or when it failed.
 */
import { availableParallelism } from "node:os";

export interface PooledVm {
  stop(): Promise<void>;
  /** false once the VM failed or stopped: the next lease boots a new one */
  usable(): boolean;
}

export interface Lease<V extends PooledVm> {
  readonly vm: V;
  release(): Promise<void>;
}

interface Entry<V extends PooledVm> {
  vm: Promise<V>;
  leases: number;
}

export class VmPool {
  private readonly entries = new Map<string, Entry<PooledVm>>();
  private readonly waiting: Array<() => void> = [];
  private live = 0;

  constructor(readonly limit: number = availableParallelism()) {}

  /** Leases the VM for `key`, booting it with `boot` when none is live. */
  async acquire<V extends PooledVm>(key: string, boot: () => Promise<V>): Promise<Lease<V>> {
    for (;;) {
      const entry = this.entries.get(key) as Entry<V> | undefined;
      if (entry) {
        entry.leases++;
        let vm: V;
        try {
          vm = await entry.vm;
        } catch (error) {
          entry.leases--;
          throw error;
        }
        if (vm.usable()) return this.leaseOf(key, entry, vm);
        entry.leases--;
        await this.drop(key, entry);
        continue;
      }
      if (this.live >= this.limit) {
        await new Promise<void>((resolve) => this.waiting.push(resolve));
        continue;
      }
      this.live++;
      const fresh: Entry<V> = { vm: boot(), leases: 0 };
      this.entries.set(key, fresh);
      fresh.vm.catch(() => {
        if (this.entries.get(key) === fresh) this.entries.delete(key);
        this.freeSlot();
      });
    }
  }

  private leaseOf<V extends PooledVm>(key: string, entry: Entry<V>, vm: V): Lease<V> {
    let released = false;
    return {
      vm,
      release: async () => {
        if (released) return;
        released = true;
        entry.leases--;
        if (entry.leases === 0 || !vm.usable()) await this.drop(key, entry);
      },
    };
  }

  private async drop(key: string, entry: Entry<PooledVm>): Promise<void> {
    if (this.entries.get(key) !== entry) return;
    if (entry.leases > 0 && (await entry.vm).usable()) return;
    this.entries.delete(key);
    try {
      await (await entry.vm).stop();
    } finally {
      this.freeSlot();
    }
  }

  private freeSlot(): void {
    this.live--;
    this.waiting.shift()?.();
  }

  /** How many VMs are booting, live or stopping. */
  get size(): number {
    return this.live;
  }

  /** Stops every VM. */
  async close(): Promise<void> {
    const entries = [...this.entries.entries()];
    await Promise.allSettled(
      entries.map(async ([key, entry]) => {
        entry.leases = 0;
        await this.drop(key, entry);
      }),
    );
  }
}

let shared: VmPool | null = null;

/** The process-wide pool the qemu backends use unless given one. */
export function sharedPool(): VmPool {
  shared ??= new VmPool(Number(process.env.LAB_VM_LIMIT) || availableParallelism());
  return shared;
}
