/**
 * The log buffer model against the host kernel (>= 6.4: rotating, and BPF_LOG_FIXED) and against
 * the truncating rules of < 6.4 read from the source. The host's full level-2 log of a program is
 * the text stream; the model is fed that stream line by line (the kernel writes smaller pieces,
 * which changes nothing for these outcomes: see the comments) and must return, for every buffer
 * size, exactly the bytes, log_true_size and ENOSPC verdict the kernel returned.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import t from "tap";
import {
  createLogBuffer,
  type LogEra,
  logAttrsValid,
  VERIFIER_TMP_LOG_SIZE,
} from "../../lab/model/verifier/log-buffer.js";
import { slurmDeviceProgram } from "../../lab/programs/generators/slurm-device.js";
import { hostLoad, hostVlogSkip } from "../fixtures/model/host-vlog.js";
import { fixtureLog, type VlogFixture } from "../fixtures/model/vlog-fixture.js";

function linesOf(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

function feed(era: LogEra, level: number, size: number, stream: readonly string[]) {
  const log = createLogBuffer({ era, level, size });
  for (const piece of stream) log.write(piece);
  return log.finish();
}

const skip = hostVlogSkip();

t.test("rotating and fixed buffers equal the host kernel's at every size", { skip }, async (t) => {
  const insns = slurmDeviceProgram({ devices: 6 }).insns;
  for (const level of [2, 2 | 4]) {
    const full = hostLoad(insns, "cgroup_device", level, 1 << 22);
    t.equal(full.errno, null, "loads with a big buffer");
    t.equal(full.trueSize, full.log.length + 1, "true size = log + NUL when nothing was reset");
    const fullDigits = /verification time (\d+) usec/.exec(full.log)?.[1]?.length ?? 0;
    const n = full.log.length;
    const sizes = [128, 129, 333, 1000, 4096, n - 1, n, n + 1, n + 2, n + 100];
    for (const fixed of [0, 8]) {
      for (const size of sizes) {
        const real = hostLoad(insns, "cgroup_device", level | fixed, size);
        // the time figure's length varies between runs: rebuild the stream with this run's width
        const digits = fullDigits + real.trueSize - full.trueSize;
        const stream = linesOf(
          full.log.replace(/verification time \d+ usec/, `verification time ${"9".repeat(digits)} usec`),
        );
        const model = feed("rotating", level | fixed, size, stream);
        const name = `level ${level | fixed} size ${size}`;
        const timeless = (text: string): string => text.replace(/\d+ usec/, "N usec");
        t.equal(timeless(model.log), timeless(real.log), `${name}: bytes`);
        t.equal(model.trueSize, real.trueSize, `${name}: log_true_size`);
        t.equal(model.enospc, real.errno === "ENOSPC", `${name}: ENOSPC`);
      }
    }
  }
});

t.test(
  "level 1: a successful load keeps only the stats line but reports the size it needed",
  { skip },
  async (t) => {
    const insns = slurmDeviceProgram({ devices: 3 }).insns;
    const real = hostLoad(insns, "cgroup_device", 1, 65536);
    t.equal(real.errno, null);
    t.match(real.log, /^processed \d+ insns .*\n$/);
    t.ok(real.trueSize > real.log.length + 1, "len_max counts the trace that was reset away");
    // the same shape through the model: a trace, a reset to 0 (success), the stats line
    // the trace in line-sized pieces (one verbose() call never exceeds 1023 characters)
    const trace = linesOf(`${"x".repeat(99)}\n`.repeat(40))
      .join("")
      .slice(0, real.trueSize - 1);
    const pieces = trace.match(/.{1,100}/gs) ?? [];
    const log = createLogBuffer({ era: "rotating", level: 1, size: 65536 });
    for (const piece of pieces) log.write(piece);
    log.reset(0);
    log.write(real.log);
    t.same(log.finish(), { log: real.log, trueSize: real.trueSize, enospc: false });
    // and with 8 KiB: ENOSPC although the final log is 98 bytes, iff the trace outgrew the buffer
    const small = hostLoad(insns, "cgroup_device", 1, 1024);
    const modelSmall = createLogBuffer({ era: "rotating", level: 1, size: 1024 });
    for (const piece of pieces) modelSmall.write(piece);
    modelSmall.reset(0);
    modelSmall.write(real.log);
    const outcome = modelSmall.finish();
    t.equal(outcome.enospc, small.errno === "ENOSPC");
    t.equal(outcome.log, small.log);
    t.equal(outcome.trueSize, small.trueSize);
  },
);

/**
 * Replays a level-2 log as the verifier wrote it: an instruction line that carries its state
 * after `;` (6.1's print_insn_state) was written with its newline, moved back one byte by a reset,
 * and continued with the padding, `;` and the state.
 */
function replay(log: ReturnType<typeof createLogBuffer>, text: string): void {
  for (const line of linesOf(text)) {
    const m = /^(\d+: \(.*?)( +;)(.*\n)$/.exec(line);
    if (!m) {
      log.write(line);
      continue;
    }
    log.write(`${m[1]}\n`);
    log.reset(log.endPos - 1);
    log.write(m[2]!);
    log.write(m[3]!);
  }
}

const fixtureDir = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "model");
for (const kernel of ["5.10", "6.1"]) {
  t.test(`truncating buffers equal Debian ${kernel}'s (QEMU capture) at every size`, async (t) => {
    const fixture = JSON.parse(readFileSync(join(fixtureDir, `vlog-${kernel}.json`), "utf8")) as VlogFixture;
    t.comment(`${fixture.release}: ${fixture.program}, level ${fixture.level}, ${fixture.full.length} bytes`);
    for (const load of fixture.loads) {
      if (!logAttrsValid("truncating", fixture.level, load.size)) {
        t.equal(load.errno, "EINVAL", `size ${load.size}: refused before verifying (< 128 bytes)`);
        continue;
      }
      const log = createLogBuffer({ era: "truncating", level: fixture.level, size: load.size });
      replay(log, fixture.full);
      const out = log.finish();
      t.equal(out.log, fixtureLog(fixture, load), `size ${load.size}: bytes`);
      t.equal(out.enospc, load.errno === "ENOSPC", `size ${load.size}: ENOSPC`);
    }
  });
}

t.test("truncating era (< 6.4): size-1 characters, frozen once full, ENOSPC when full", async (t) => {
  const stream = [
    "0: (b7) r0 = 0\n",
    "1: (95) exit\n",
    "processed 2 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0\n",
  ];
  const text = stream.join("");
  const roomy = feed("truncating", 1, text.length + 2, stream);
  t.same(
    roomy,
    { log: text, trueSize: text.length + 1, enospc: false },
    "fits with room to spare; the model knows the size it needed",
  );
  const exact = feed("truncating", 1, text.length + 1, stream);
  t.same(
    exact,
    { log: text, trueSize: text.length + 1, enospc: true },
    "exactly size-1 characters counts as full: ENOSPC, nothing lost",
  );
  const tight = feed("truncating", 1, text.length, stream);
  t.same(
    tight,
    { log: text.slice(0, -1), trueSize: null, enospc: true },
    "one byte short: cut and ENOSPC; the buffer alone cannot know what it needed",
  );
  const log = createLogBuffer({ era: "truncating", level: 1, size: 128 });
  log.write("a".repeat(100));
  const mark = log.endPos;
  log.write("b".repeat(100));
  t.equal(log.endPos, 127, "len_used stops at size-1");
  t.notOk(log.needed, "a full log is no longer needed");
  log.reset(mark);
  log.write("c");
  t.same(
    log.finish(),
    { log: "a".repeat(100) + "b".repeat(27), trueSize: null, enospc: true },
    "resets are ignored once full",
  );
  const notFull = createLogBuffer({ era: "truncating", level: 1, size: 128 });
  notFull.write("abc\n");
  notFull.write("def\n");
  notFull.reset(4);
  notFull.write("xyz\n");
  t.same(
    notFull.finish(),
    { log: "abc\nxyz\n", trueSize: 9, enospc: false },
    "the true size counts the longest the log got (abc def + NUL), not the final text",
  );
});

t.test("one verbose() call contributes at most 1023 characters", async (t) => {
  const long = "y".repeat(5000);
  for (const era of ["truncating", "rotating"] as const) {
    const out = feed(era, 2, 1 << 20, [long, "\n"]);
    t.equal(out.log.length, VERIFIER_TMP_LOG_SIZE, era);
  }
});

t.test("log attribute checks per era", async (t) => {
  t.ok(logAttrsValid("truncating", 0, 0));
  t.notOk(logAttrsValid("truncating", 1, 127), "< 6.4 needs 128 bytes at least");
  t.ok(logAttrsValid("truncating", 1, 128));
  t.notOk(logAttrsValid("truncating", 1, 0), "< 6.4 needs a buffer for a level");
  t.notOk(logAttrsValid("truncating", 8, 4096), "no BPF_LOG_FIXED before 6.4");
  t.ok(logAttrsValid("rotating", 1, 0), ">= 6.4 computes log_true_size without a buffer");
  t.ok(logAttrsValid("rotating", 1, 1));
  t.notOk(logAttrsValid("rotating", 0, 4096), "a buffer without a level");
  t.ok(logAttrsValid("rotating", 9, 4096));
});
