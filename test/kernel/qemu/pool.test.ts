import t from "tap";
import { type PooledVm, VmPool } from "../../../lab/kernel/qemu/pool.js";

class Booted implements PooledVm {
  stopped = false;
  broken = false;
  constructor(readonly key: string) {}
  usable() {
    return !this.stopped && !this.broken;
  }
  async stop() {
    this.stopped = true;
  }
}

function booter() {
  const boots: Booted[] = [];
  let live = 0;
  let peak = 0;
  const boot = (key: string) => async () => {
    live++;
    peak = Math.max(peak, live);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const vm = new Booted(key);
    const stop = vm.stop.bind(vm);
    vm.stop = async () => {
      live--;
      await stop();
    };
    boots.push(vm);
    return vm;
  };
  return { boots, boot, peak: () => peak };
}

t.test("leases of one key share one boot; the last release stops it", async (t) => {
  const pool = new VmPool(2);
  const { boots, boot } = booter();
  const [a, b] = await Promise.all([pool.acquire("k", boot("k")), pool.acquire("k", boot("k"))]);
  t.equal(boots.length, 1);
  t.equal(a.vm, b.vm);
  await a.release();
  t.equal(a.vm.stopped, false);
  await a.release();
  t.equal(a.vm.stopped, false, "a second release of one lease counts once");
  await b.release();
  t.equal(b.vm.stopped, true);
  t.equal(pool.size, 0);
});

t.test("never more live VMs than the limit; waiting keys get the freed slots", async (t) => {
  const pool = new VmPool(2);
  const { boot, peak, boots } = booter();
  const work = Array.from({ length: 6 }, async (_, i) => {
    const lease = await pool.acquire(`k${i}`, boot(`k${i}`));
    await new Promise((resolve) => setTimeout(resolve, 10));
    await lease.release();
  });
  await Promise.all(work);
  t.equal(boots.length, 6);
  t.equal(peak(), 2);
  t.equal(pool.size, 0);
});

t.test("a failed boot frees its slot and rejects its leases; a broken VM is replaced", async (t) => {
  const pool = new VmPool(1);
  await t.rejects(
    pool.acquire("bad", async () => {
      throw new Error("no hello");
    }),
    { message: "no hello" },
  );
  t.equal(pool.size, 0);
  const { boot, boots } = booter();
  const first = await pool.acquire("k", boot("k"));
  first.vm.broken = true;
  const second = await pool.acquire("k", boot("k"));
  t.not(second.vm, first.vm, "an unusable VM is not leased again");
  t.equal(first.vm.stopped, true, "and it was stopped");
  t.equal(boots.length, 2);
  await first.release();
  await second.release();
  t.equal(pool.size, 0);
});

t.test("close stops every VM", async (t) => {
  const pool = new VmPool(3);
  const { boot, boots } = booter();
  await pool.acquire("a", boot("a"));
  await pool.acquire("b", boot("b"));
  await pool.close();
  t.same(
    boots.map((vm) => vm.stopped),
    [true, true],
  );
  t.equal(pool.size, 0);
});
