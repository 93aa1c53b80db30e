/**
 * Parity: our generator's bytes equal those of Slurm's own builder (ebpf.c from Debian bookworm's
 * slurm-wlm source package, fetched and verified at run time, compiled with our driver) for the
 * same device lists. The same checks run against a later upstream Slurm (trixie's .orig tarball) to
 * show the builder has not changed. Skips with the reason when the archive or a tool is missing.
 */
import t from "tap";
import { encodeInsns } from "../../../lab/isa/insn.js";
import { slurmDeviceProgram } from "../../../lab/programs/generators/slurm-device.js";
import {
  normalizeSlurmParams,
  type SlurmDeviceParams,
} from "../../../lab/programs/generators/slurm-device-rules.js";
import { buildSlurmBuilder } from "./slurm-builder.js";

const builder = await buildSlurmBuilder("bookworm");
const skip = typeof builder === "string" ? builder : false;
t.teardown(() => {
  if (typeof builder !== "string") builder.dispose();
});

// upstream only: the trixie Debian revision's own files are not always on the mirror
const later = await buildSlurmBuilder("trixie", false);
t.teardown(() => {
  if (typeof later !== "string") later.dispose();
});

const CASES: Array<[string, SlurmDeviceParams]> = [
  ["1 device", { devices: 1 }],
  ["2 devices, one denied", { devices: 2, deny: "1" }],
  ["23 devices, 22 denied (a job holding 1 of 23 GPUs)", { devices: 23, deny: "1-22" }],
  ["64 devices, all denied", { devices: 64, deny: "all" }],
  ["0 devices: init and close only", { devices: 0 }],
  ["default deny", { devices: 3, deny: "0", defaultAction: "deny" }],
  [
    "wildcards in every position but one",
    {
      devices: [
        "a 195:*",
        "c *:0 deny",
        "b 8:* rwm",
        "a *:5 deny",
        "c 195:*",
        "b *:*",
        "a 10:200",
        { type: "c", major: 4294967294, minor: 7 },
        { type: "b", major: 0xffffffff, minor: 0x7fffffff, allow: false },
        { type: "a", major: 1 },
      ],
    },
  ],
];

t.test("our bytes equal Slurm's builder's", { skip }, async (t) => {
  if (typeof builder === "string") return;
  t.comment(
    `slurm-wlm ${builder.version}; Debian patches touching ebpf.[ch]: ${builder.patches.join(", ") || "none"}`,
  );
  for (const [name, params] of CASES) {
    const { rules, defaultAllow } = normalizeSlurmParams(params);
    const slurm = builder.run(rules, defaultAllow);
    t.same(
      slurm.rcs,
      rules.map(() => 0),
      `${name}: Slurm accepted every rule`,
    );
    const ours = encodeInsns(slurmDeviceProgram(params).insns);
    t.equal(ours.length, slurm.bytes.length, `${name}: ${ours.length / 8} insns`);
    t.ok(Buffer.from(ours).equals(Buffer.from(slurm.bytes)), `${name}: identical bytes`);
  }
});

t.test("random device lists (fixed seed) give identical bytes", { skip }, async (t) => {
  if (typeof builder === "string") return;
  let seed = 0x5eed;
  const next = (n: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) % n;
  };
  const pick = () => (next(4) === 0 ? "*" : next(3) === 0 ? next(0x7fffffff) : next(300));
  for (let round = 0; round < 40; round++) {
    const devices = Array.from({ length: 1 + next(40) }, () => {
      const type = (["a", "b", "c"] as const)[next(3)]!;
      const major = pick();
      const minor = type === "a" && major === "*" ? next(10) : pick();
      return { type, major, minor, allow: next(2) === 0 };
    });
    const params: SlurmDeviceParams = { devices, defaultAction: next(2) === 0 ? "allow" : "deny" };
    const { rules, defaultAllow } = normalizeSlurmParams(params);
    const slurm = builder.run(rules, defaultAllow);
    const ours = encodeInsns(slurmDeviceProgram(params).insns);
    if (!Buffer.from(ours).equals(Buffer.from(slurm.bytes))) {
      t.fail(`round ${round} differs (${devices.length} devices)`, { params });
      return;
    }
  }
  t.pass("40 random lists identical");
});

t.test("a rule of wildcards only: Slurm refuses it and so do we", { skip }, async (t) => {
  if (typeof builder === "string") return;
  const rules = [{ type: "a", major: "*", minor: "*", allow: true } as const];
  const slurm = builder.run(rules, true);
  t.same(slurm.rcs, [-1], "add_device_ebpf_prog returned SLURM_ERROR");
  t.equal(slurm.bytes.length, 8 * 8, "Slurm's program kept only init and close");
  t.throws(() => slurmDeviceProgram({ devices: ["a *:*"] }), { code: "LAB_ARGS_INVALID" });
});

t.test(
  "a later Slurm (Debian trixie's slurm-wlm) builds the same bytes",
  { skip: typeof later === "string" ? later : false },
  async (t) => {
    if (typeof later === "string") return;
    t.comment(`slurm-wlm ${later.version}`);
    for (const [name, params] of CASES) {
      const { rules, defaultAllow } = normalizeSlurmParams(params);
      const ours = encodeInsns(slurmDeviceProgram(params).insns);
      t.ok(
        Buffer.from(ours).equals(Buffer.from(later.run(rules, defaultAllow).bytes)),
        `${name}: identical bytes`,
      );
    }
  },
);
