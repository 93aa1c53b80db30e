/** The generator registry: names, parameter schemas, defaults, and the checks on params. */
import t from "tap";
import { encodeInsns } from "../../../lab/isa/insn.js";
import { findGenerator, GENERATORS, generateProgram } from "../../../lab/programs/generators/index.js";
import { slurmDeviceProgram } from "../../../lab/programs/generators/slurm-device.js";

t.test("slurm-device is registered with a schema of names, types and defaults", async (t) => {
  t.ok(GENERATORS.some((g) => g.name === "slurm-device"));
  const g = findGenerator("slurm-device");
  t.match(g.describe, /cgroup\/v2 device program/);
  t.same(
    g.params.map((p) => [p.name, p.type, p.default]),
    [
      ["devices", "count-or-devices", undefined],
      ["deny", "indices", "none"],
      ["defaultAction", "enum", "allow"],
    ],
  );
});

t.test("generateProgram fills defaults and equals the direct call", async (t) => {
  const viaRegistry = generateProgram("slurm-device", { devices: 4, deny: "3" });
  const direct = slurmDeviceProgram({ devices: 4, deny: "3", defaultAction: "allow" });
  t.same(encodeInsns(viaRegistry.insns), encodeInsns(direct.insns));
  t.same(viaRegistry.source, { origin: "generator:slurm-device", format: "generator" });
});

t.test("scenario-style params: a list of specs and objects", async (t) => {
  const p = generateProgram("slurm-device", {
    devices: ["c 195:0", { type: "c", major: 195, minor: "*", allow: false }],
  });
  t.equal(p.insns.length, 6 + 5 + 4 + 2);
});

t.test("unknown generator, unknown parameter and a missing one are LAB_ARGS_INVALID", async (t) => {
  t.throws(() => generateProgram("slurm-devices", {}), {
    code: "LAB_ARGS_INVALID",
    message: /unknown program generator "slurm-devices"/,
    hint: /slurm-device/,
  });
  t.throws(() => generateProgram("slurm-device", { devices: 1, devcies: 2 }), {
    code: "LAB_ARGS_INVALID",
    message: /unknown parameter "devcies"/,
  });
  t.throws(() => generateProgram("slurm-device", {}), {
    code: "LAB_ARGS_INVALID",
    message: /parameter devices is required/,
  });
});
