import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import t from "tap";
import { acquireLock, withLock } from "../../../images/cache/lock.js";
import { REPO_ROOT } from "../../helpers/cli.js";

t.test("holders of one lock take turns", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "lab-lock-"));
  const events: string[] = [];
  const work = (name: string) =>
    withLock(dir, "x", async () => {
      events.push(`${name} in`);
      await new Promise((r) => setTimeout(r, 150));
      events.push(`${name} out`);
    });
  await Promise.all([work("a"), work("b")]);
  t.same(events.length, 4);
  t.equal(
    events[0]!.split(" ")[0],
    events[1]!.split(" ")[0],
    "the first holder leaves before the second enters",
  );
  t.match(events[1], / out$/);
});

t.test("a holder killed with SIGKILL leaves no stale lock", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "lab-lock-"));
  const lockModule = pathToFileURL(join(REPO_ROOT, "dist", "images", "cache", "lock.js")).href;
  const script = join(dir, "hold.mjs");
  writeFileSync(
    script,
    `import { acquireLock } from ${JSON.stringify(lockModule)};\nawait acquireLock(${JSON.stringify(join(dir, "x.lock"))});\nconsole.log("held");\nsetInterval(() => {}, 1000);\n`,
  );
  const holder = spawn(process.execPath, [script], { stdio: ["ignore", "pipe", "inherit"] });
  await new Promise<void>((resolve) => holder.stdout.once("data", () => resolve()));
  let acquired = false;
  const waiting = acquireLock(join(dir, "x.lock")).then((lock) => {
    acquired = true;
    return lock;
  });
  await new Promise((r) => setTimeout(r, 300));
  t.notOk(acquired, "blocked while the holder lives");
  const started = performance.now();
  holder.kill("SIGKILL");
  const lock = await waiting;
  t.ok(acquired);
  t.ok(performance.now() - started < 5000, "released as soon as the holder died");
  await lock.release();
});
