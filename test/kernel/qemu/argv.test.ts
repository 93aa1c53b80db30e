import t from "tap";
import { ARCH_NAMES, ARCHES } from "../../../lab/arch.js";
import {
  buildQemuArgv,
  formatArgv,
  guestChannelDevice,
  type QemuConfig,
} from "../../../lab/kernel/qemu/argv.js";

const paths = { qmp: "/run/vm/qmp.sock", agent: "/run/vm/agent.sock", console: "/logs/vm/console.log" };

function config(overrides: Partial<QemuConfig>): QemuConfig {
  return {
    arch: "x86_64",
    accel: "tcg",
    kernelPath: "/cache/images/k/vmlinuz",
    initramfsPath: "/cache/initramfs/i.cpio.gz",
    paths,
    name: "lab-test",
    channel: "virtio-pci",
    ...overrides,
  };
}

t.test("every arch x accel x channel kind it offers", async (t) => {
  for (const arch of ARCH_NAMES) {
    for (const accel of ["tcg", "kvm"] as const) {
      for (const channel of ARCHES[arch].channelKinds) {
        t.matchSnapshot(
          formatArgv(buildQemuArgv(config({ arch, accel, channel }))),
          `${arch} ${accel} ${channel}`,
        );
      }
    }
  }
});

t.test("shell mode: console on stdio (with a log copy), no agent channel", async (t) => {
  for (const arch of ARCH_NAMES) {
    const argv = buildQemuArgv(config({ arch, mode: "shell", channel: ARCHES[arch].channelKinds[0]! }));
    t.matchSnapshot(formatArgv(argv), arch);
    t.notOk(
      argv.some((word) => word.includes("agent.sock")),
      "no agent socket",
    );
  }
});

t.test("the invariants every command line keeps", async (t) => {
  for (const arch of ARCH_NAMES) {
    for (const channel of ARCHES[arch].channelKinds) {
      const argv = buildQemuArgv(config({ arch, channel }));
      t.equal(argv[0], ARCHES[arch].qemuBinary);
      for (const flag of ["-nodefaults", "-no-reboot", "-no-user-config"]) t.ok(argv.includes(flag), flag);
      t.equal(argv[argv.indexOf("-qmp") + 1], `unix:${paths.qmp},server=on,wait=off`);
      t.ok(argv.join(" ").includes(paths.console), "console goes to the kept log");
      const append = argv[argv.indexOf("-append") + 1]!;
      t.match(append, new RegExp(`console=${ARCHES[arch].console}\\b`));
      const device = guestChannelDevice(arch, channel);
      if (device === null) t.notMatch(append, "lab.channel=", "virtio: /init finds the port by name");
      else t.match(append, `lab.channel=${device}`);
    }
  }
});

t.test("kvm uses the arch table's KVM cpu; an override wins", async (t) => {
  const kvm = buildQemuArgv(config({ accel: "kvm" }));
  t.equal(kvm[kvm.indexOf("-cpu") + 1], ARCHES.x86_64.kvmCpu);
  const own = buildQemuArgv(config({ cpu: "qemu64" }));
  t.equal(own[own.indexOf("-cpu") + 1], "qemu64");
});

t.test("a channel the machine lacks is refused with the value named", async (t) => {
  t.throws(() => buildQemuArgv(config({ arch: "x86_64", channel: "virtio-mmio" })), {
    code: "LAB_ARGS_INVALID",
    where: { value: "virtio-mmio" },
  });
  t.throws(() => buildQemuArgv(config({ arch: "arm64", channel: "uart2" })), { code: "LAB_ARGS_INVALID" });
});

t.test("formatArgv quotes what a shell would split", async (t) => {
  t.equal(formatArgv(["a", "b c", "it's", "x=1,y"]), `a 'b c' 'it'\\''s' x=1,y`);
});
