import t from "tap";
import { bootFileOf, loadOrder } from "../../../images/debian/extract.js";

t.test("kernel files in both layouts", async (t) => {
  t.same(bootFileOf("boot/vmlinuz-6.1.0-56-cloud-amd64"), {
    kind: "vmlinuz",
    release: "6.1.0-56-cloud-amd64",
  });
  t.same(bootFileOf("boot/System.map-6.12.117+deb13-cloud-arm64"), {
    kind: "System.map",
    release: "6.12.117+deb13-cloud-arm64",
  });
  t.same(bootFileOf("usr/lib/modules/7.2.13+deb14-cloud-amd64/vmlinuz"), {
    kind: "vmlinuz",
    release: "7.2.13+deb14-cloud-amd64",
  });
  t.equal(bootFileOf("usr/lib/modules/7.2.13/kernel/drivers/virtio/virtio.ko.xz"), null);
  t.equal(bootFileOf("usr/share/doc/linux-image/changelog.gz"), null);
});

t.test("load order puts dependencies first, each once, and survives a cycle", async (t) => {
  const deps: Record<string, string[]> = {
    virtio_pci: ["virtio", "virtio_ring", "virtio_pci_modern_dev"],
    virtio_console: ["virtio", "virtio_ring"],
    virtio_pci_modern_dev: [],
    virtio: [],
    virtio_ring: [],
    a: ["b"],
    b: ["a"],
  };
  const order = loadOrder(["virtio_console", "virtio_pci"], (n) => deps[n] ?? []);
  t.same(order, ["virtio", "virtio_ring", "virtio_console", "virtio_pci_modern_dev", "virtio_pci"]);
  t.same(
    loadOrder(["a"], (n) => deps[n] ?? []),
    ["b", "a"],
  );
});
