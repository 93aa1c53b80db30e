import { readFileSync } from "node:fs";
import t from "tap";
import { parseMountinfo } from "../../lab/doctor/checks/cgroup.js";
import { cpuFlags } from "../../lab/doctor/checks/qemu.js";
import { readElfFacts } from "../../lab/doctor/elf.js";
import { wrap } from "../../lab/doctor/render.js";

t.test("mountinfo: mount point and fs type, optional fields and octal escapes", async (t) => {
  const text = [
    "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755",
    "36 31 0:33 / /sys/fs/cgroup/devices rw,relatime shared:12 - cgroup cgroup rw,devices",
    "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime shared:1 master:2 - cgroup2 cgroup2 rw",
    "50 23 0:40 / /mnt/with\\040space rw - ext4 /dev/sda1 rw",
    "garbage",
  ].join("\n");
  t.same(parseMountinfo(text), [
    { mountPoint: "/sys/fs/cgroup", fsType: "tmpfs", source: "tmpfs" },
    { mountPoint: "/sys/fs/cgroup/devices", fsType: "cgroup", source: "cgroup" },
    { mountPoint: "/sys/fs/cgroup/unified", fsType: "cgroup2", source: "cgroup2" },
    { mountPoint: "/mnt/with space", fsType: "ext4", source: "/dev/sda1" },
  ]);
  const real = parseMountinfo(readFileSync("/proc/self/mountinfo", "utf8"));
  t.ok(
    real.some((m) => m.mountPoint === "/"),
    "this machine's root mount is found",
  );
});

t.test("cpu flags from cpuinfo (x86 flags, arm Features)", async (t) => {
  t.ok(cpuFlags("processor\t: 0\nflags\t\t: fpu vme vmx sse\n").has("vmx"));
  t.ok(cpuFlags("Features\t: fp asimd evtstrm\n").has("asimd"));
  t.equal(cpuFlags("nothing").size, 0);
});

t.test("ELF facts: machine and static-ness of real binaries", async (t) => {
  const node = readElfFacts(readFileSync(process.execPath));
  t.ok(node, "node is an ELF file");
  t.equal(node!.machine, process.arch === "arm64" ? 183 : 62);
  t.equal(node!.isStatic, false, "node is dynamically linked");
  t.equal(readElfFacts(Buffer.from("#!/bin/sh\n".padEnd(80))), null);
  t.equal(readElfFacts(Buffer.alloc(10)), null);
});

t.test("busybox-static is static", { skip: existsOrReason("/bin/busybox") }, async (t) => {
  t.equal(readElfFacts(readFileSync("/bin/busybox"))!.isStatic, true);
});

t.test("wrap breaks at '; ' and spaces", async (t) => {
  t.same(wrap("a b c; d", 80), ["a b c", "d"]);
  t.same(wrap("aaaa bbbb cccc", 9), ["aaaa bbbb", "  cccc"]);
});

function existsOrReason(path: string): string | false {
  try {
    readFileSync(path, { flag: "r" }).subarray(0, 1);
    return false;
  } catch {
    return `${path} is absent (apt-get install busybox-static)`;
  }
}
