// Boots one VM through the lab's API and keeps it until killed (the kill-cycle test's victim).
// argv: arch kernelPath initramfsPath label [stop-on-stdin-close]
import { createQemuBackend } from "../../../../dist/lab/kernel/qemu/backend.js";

const [arch, kernelPath, initramfsPath, label] = process.argv.slice(2);
const backend = await createQemuBackend({
  kernel: "debian:test",
  arch,
  accel: "tcg",
  label,
  resolve: async () => ({ kernelPath, initramfsPath, release: "test" }),
});
process.stdout.write(`ready ${Math.round(backend.booted.vm.bootMs)}\n`);
setInterval(() => {}, 1 << 30);
