/** The Slurm device program's structure, decoded from its bytes (no Slurm source needed). */
import t from "tap";

type Tap = Pick<typeof t, "equal">;

import { decodeInsns, encodeInsns, type Insn } from "../../../lab/isa/insn.js";
import { slurmDeviceProgram } from "../../../lab/programs/generators/slurm-device.js";
import type { SlurmDeviceParams } from "../../../lab/programs/generators/slurm-device-rules.js";

const JNE_K = 0x55;
const MOV64_K = 0xb7;
const EXIT = 0x95;

function decoded(params: SlurmDeviceParams): Insn[] {
  return decodeInsns(encodeInsns(slurmDeviceProgram(params).insns));
}

/** Split the rule section into blocks, each ending at `r0 = X; exit`. */
function blocks(t: Tap, insns: Insn[]): Insn[][] {
  const out: Insn[][] = [];
  let current: Insn[] = [];
  for (const x of insns.slice(6, -2)) {
    current.push(x);
    if (x.code === EXIT) {
      out.push(current);
      current = [];
    }
  }
  t.equal(current.length, 0, "no instructions after the last rule block");
  return out;
}

t.test("metadata: Slurm's name, GPL, cgroup_device", async (t) => {
  const p = slurmDeviceProgram({ devices: 1 });
  t.equal(p.name, "Slurm_Cgroup_v2");
  t.equal(p.license, "GPL");
  t.equal(p.progType, "cgroup_device");
  t.same(p.maps, []);
  t.equal(p.source.origin, "generator:slurm-device");
});

t.test("size: 6 init + 5 per full device + 2 close", async (t) => {
  for (const n of [0, 1, 2, 23, 64, 256]) t.equal(decoded({ devices: n }).length, 8 + 5 * n, `${n} devices`);
});

t.test("init loads type, access, major, minor from the ctx", async (t) => {
  const head = decoded({ devices: 1 }).slice(0, 6);
  t.same(
    head.map((x) => [x.code, x.dst, x.src, x.off, x.imm]),
    [
      [0x61, 2, 1, 0, 0],
      [0x54, 2, 0, 0, 0xffff],
      [0x61, 3, 1, 0, 0],
      [0x74, 3, 0, 0, 16],
      [0x61, 4, 1, 4, 0],
      [0x61, 5, 1, 8, 0],
    ],
  );
});

t.test("count form: c 195:i per device, every jump lands on the next block", async (t) => {
  const insns = decoded({ devices: 23, deny: "1-22" });
  const bs = blocks(t, insns);
  t.equal(bs.length, 23);
  let start = 6;
  bs.forEach((b, i) => {
    t.same(
      b.map((x) => [x.code, x.dst, x.imm]),
      [
        [JNE_K, 2, 2],
        [JNE_K, 4, 195],
        [JNE_K, 5, i],
        [MOV64_K, 0, i === 0 ? 1 : 0],
        [EXIT, 0, 0],
      ],
      `device ${i}`,
    );
    const next = start + b.length;
    for (let k = 0; k < 3; k++)
      t.equal(start + k + 1 + b[k]!.off, next, `device ${i} check ${k} skips to the next rule`);
    start = next;
  });
  t.same(
    insns.slice(-2).map((x) => [x.code, x.imm]),
    [
      [MOV64_K, 1],
      [EXIT, 0],
    ],
    "default: allow",
  );
});

t.test("wildcards drop their check; NO_VAL is a wildcard; u32 values wrap to the s32 imm", async (t) => {
  const insns = decoded({
    devices: ["a 195:*", "c *:5 deny", { type: "b", major: 4294967294, minor: 3 }, "a 4294967295:0"],
    defaultAction: "deny",
  });
  const shape = blocks(t, insns).map((b) => b.map((x) => [x.code, x.dst, x.off, x.imm]));
  t.same(shape, [
    [
      [JNE_K, 4, 2, 195],
      [MOV64_K, 0, 0, 1],
      [EXIT, 0, 0, 0],
    ],
    [
      [JNE_K, 2, 3, 2],
      [JNE_K, 5, 2, 5],
      [MOV64_K, 0, 0, 0],
      [EXIT, 0, 0, 0],
    ],
    [
      [JNE_K, 2, 3, 1],
      [JNE_K, 5, 2, 3],
      [MOV64_K, 0, 0, 1],
      [EXIT, 0, 0, 0],
    ],
    [
      [JNE_K, 4, 3, -1],
      [JNE_K, 5, 2, 0],
      [MOV64_K, 0, 0, 1],
      [EXIT, 0, 0, 0],
    ],
  ]);
  t.equal(insns.at(-2)!.imm, 0, "default: deny");
});

t.test("bad parameters are LAB_ARGS_INVALID naming the value", async (t) => {
  const bad: Array<[SlurmDeviceParams, RegExp]> = [
    [{ devices: -1 }, /devices must be an integer/],
    [{ devices: 1.5 }, /devices must be an integer/],
    [{ devices: ["x 1:2"] }, /device 0: "x 1:2" is not TYPE MAJOR:MINOR/],
    [{ devices: ["c 1:2", "c 4294967296:0"] }, /device 1 major must be \* or an integer/],
    [{ devices: ["a *:*"] }, /device rule 0 \(a \*:\* allow\) is all wildcards/],
    [{ devices: [{ type: "c", major: 1, colour: "red" } as never] }, /device 0: unknown key colour/],
    [{ devices: 3, deny: "2-5" }, /deny index 3 is not a device index \(0..2\)/],
    [{ devices: 3, deny: "2-1" }, /runs backwards/],
    [{ devices: 3, deny: "one" }, /is not an index or a range/],
    [{ devices: 3, defaultAction: "maybe" as never }, /defaultAction must be allow or deny/],
  ];
  for (const [params, message] of bad) {
    t.throws(() => slurmDeviceProgram(params), { code: "LAB_ARGS_INVALID", message }, JSON.stringify(params));
  }
});
