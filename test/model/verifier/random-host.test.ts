/**
 * Seeded random programs (ALU/ALU64, JMP/JMP32 on scalars loaded from the cgroup_device context,
 * constants at the 32/64-bit boundaries, a returned value that may be out of range) on the host
 * kernel and on the model: verdict, errno and the level-1 and level-2 logs must be equal byte for
 * byte. Needs root (the host backend); skipped otherwise.
 */
import t from "tap";
import { openBackend } from "../../../lab/backends.js";
import { hostUnavailableReason } from "../../../lab/kernel/host/backend.js";
import { createModelBackend } from "../../../lab/model/backend.js";
import { generator, programOf } from "../helpers/random-programs.js";

t.test("random scalar programs: model equals host", { skip: hostUnavailableReason() ?? false }, async (t) => {
  const host = await openBackend("host", {});
  const model = await createModelBackend({ kernel: "host" });
  t.teardown(() => host.close());
  const next = generator(20261123);
  const diverged: string[] = [];
  let accepted = 0;
  const count = 300;
  for (let i = 0; i < count; i++) {
    const program = programOf(next(), i);
    for (const logLevel of [1, 2]) {
      const request = { program, logLevel, logSize: 1 << 22, statsReload: false };
      const [h, m] = [await host.load(request), await model.load(request)];
      if (h.verdict !== m.verdict || h.errno !== m.errno || h.log !== m.log)
        diverged.push(`program ${i} level ${logLevel}`);
      if (logLevel === 1 && h.verdict === "accepted") accepted++;
    }
  }
  t.same(diverged, [], "no divergence");
  t.ok(accepted > count / 5, `some programs are accepted (${accepted} of ${count})`);
});
