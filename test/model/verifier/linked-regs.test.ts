/**
 * Linked scalar registers at conditional jumps (lab/model/verifier/linked-regs.ts): the model's
 * host and 6.12 profiles answer the small programs of linked-regs-programs.ts as the real kernels
 * did (test/fixtures/model/linked-regs.json: the host 6.18 and Debian 6.12 under QEMU), and the
 * profile features that make the lines differ are the ones that move the log lines. When the host
 * backend can run, the host kernel is asked again, live.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import t from "tap";
import type { LoadResult } from "../../../lab/backend.js";
import { openBackend } from "../../../lab/backends.js";
import { hostUnavailableReason } from "../../../lab/kernel/host/backend.js";
import { createModelBackend } from "../../../lab/model/backend.js";
import {
  LINKED_PROGRAMS,
  type LinkedAnswer,
  type LinkedFixture,
  linkedProgram,
} from "../../fixtures/model/linked-regs-programs.js";

const fixture = JSON.parse(
  readFileSync(
    join(dirname(fileURLToPath(import.meta.url)), "..", "..", "fixtures", "model", "linked-regs.json"),
    "utf8",
  ),
) as LinkedFixture;

const NAMES = Object.keys(LINKED_PROGRAMS);

async function modelLoad(
  kernel: string,
  name: string,
  logLevel: number,
  features?: string,
): Promise<LoadResult> {
  const model = await createModelBackend({ kernel, features });
  return model.load({ program: linkedProgram(name), logLevel, logSize: 1 << 20, statsReload: false });
}

function answerOf(r: LoadResult): LinkedAnswer {
  return {
    verdict: r.verdict,
    errno: r.errno,
    log: r.log,
    processed: r.stats.processed ?? null,
    totalStates: r.stats.totalStates ?? null,
    peakStates: r.stats.peakStates ?? null,
  };
}

for (const line of ["host", "6.12"]) {
  t.test(`the ${line} profile answers as the real kernel (${fixture[line]!.release})`, async (t) => {
    for (const name of NAMES) {
      for (const level of [1, 2]) {
        const real = fixture[line]!.answers[`${name}:${level}`]!;
        t.same(answerOf(await modelLoad(line, name, level)), real, `${name} at log level ${level}`);
      }
    }
  });
}

const precisionLines = (log: string): string[] =>
  log.split("\n").filter((l) => l.startsWith("mark_precise:"));

t.test(
  "the rule the real logs show: every linked register is made precise with the compared one",
  async (t) => {
    const host = fixture.host!.answers["deadLink:2"]!.log;
    const old = fixture["6.12"]!.answers["deadLink:2"]!.log;
    const before2 = (log: string) => precisionLines(log).find((l) => l.includes("before 2:"));
    t.equal(
      before2(host),
      "mark_precise: frame0: regs=r2,r7 stack= before 2: (bf) r6 = r2",
      "6.18: live links only",
    );
    t.equal(
      before2(old),
      "mark_precise: frame0: regs=r2,r6,r7 stack= before 2: (bf) r6 = r2",
      "6.12: r6 too",
    );
    // the features that make the difference, toggled on the model
    const hostWithDead = (await modelLoad("host", "deadLink", 2, "-linked_regs_live_only")).log;
    t.equal(
      before2(hostWithDead),
      before2(old),
      "host without linked_regs_live_only links dead r6 as 6.12 does",
    );
    const unlinked = (await modelLoad("host", "deadLink", 2, "-linked_regs_precision")).log;
    t.equal(
      before2(unlinked),
      "mark_precise: frame0: regs=r7 stack= before 2: (bf) r6 = r2",
      "without linked_regs_precision only r7 is followed",
    );
    const over = precisionLines(fixture.host!.answers["overLimit:2"]!.log);
    t.ok(
      over.includes("mark_precise: frame0: regs=r9 stack= before 8: (25) if r2 > 0x1 goto pc+2"),
      "the eighth register with the id is not linked (LINKED_REGS_MAX)",
    );
    const shared = fixture.host!.answers["sharedId:1"]!.log.split("\n");
    t.match(
      shared.find((l) => l.startsWith("5: (25) if r4 > 0x1")),
      /; R4=scalar\(smin=/,
      "src and dst with one id fill the six entries twice over: r4 loses its id",
    );
  },
);

t.test(
  "delta links: a 32-bit link is zero-extended when synced (host), 6.12 has no 32-bit links",
  async (t) => {
    const exitLine = (log: string) => log.split("\n").find((l) => l.startsWith("At program exit"));
    const host = fixture.host!.answers["delta32:2"]!.log;
    t.equal(
      exitLine(host),
      "At program exit the register R0 has smin=4294967280 smax=4294967285 should have been in [0, 1]",
    );
    const unsynced = exitLine((await modelLoad("host", "delta32", 2, "-linked_regs_delta_sync")).log);
    t.not(unsynced, exitLine(host), "without linked_regs_delta_sync r7 = r2 - 16 wraps to 64 bits");
    const old = fixture["6.12"]!.answers["delta32:2"]!.log;
    t.equal(
      exitLine(old),
      "At program exit the register R0 has smin=0 smax=4294967295 should have been in [0, 1]",
    );
  },
);

t.test(
  "live: the host kernel answers the programs as the model's host profile",
  {
    skip: hostUnavailableReason() ?? false,
  },
  async (t) => {
    const host = await openBackend("host", {});
    t.teardown(() => host.close());
    for (const name of NAMES) {
      for (const logLevel of [1, 2]) {
        const request = { program: linkedProgram(name), logLevel, logSize: 1 << 20, statsReload: false };
        t.same(
          answerOf(await host.load(request)),
          answerOf(await modelLoad("host", name, logLevel)),
          `${name}:${logLevel}`,
        );
      }
    }
  },
);
