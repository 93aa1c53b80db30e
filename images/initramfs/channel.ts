/**
 * What the agent channel needs inside the guest, derived from the arch table's channel kinds:
 * the kernel modules behind each virtio transport (their dependencies follow from .modinfo), and
 * the device to fall back to when no virtio port shows up.
 */

import { ARCHES } from "../../lab/arch.js";
import type { Arch } from "../../lab/backend.js";

/** The virtio-serial port name the QEMU side gives the agent's port. */
export const AGENT_PORT_NAME = "lab.agent";

const MODULES_BY_KIND: Record<string, string[]> = {
  "virtio-pci": ["virtio_pci", "virtio_console"],
  "virtio-mmio": ["virtio_mmio", "virtio_console"],
  uart2: [],
  console: [],
};

export function channelModulesFor(arch: Arch): string[] {
  const kinds: readonly string[] = ARCHES[arch].channelKinds;
  return [...new Set(kinds.flatMap((kind) => MODULES_BY_KIND[kind] ?? []))];
}

/** The guest device the agent uses when no virtio port named AGENT_PORT_NAME exists. */
export function fallbackDeviceFor(arch: Arch): string {
  const row = ARCHES[arch];
  return `/dev/${row.secondUart ?? row.console}`;
}
