/**
 * Kernel ids, resolved as CONTRACT.md says: for the model a version (`5.15.127`, `6.1`) or `host`;
 * for qemu an image id of lab.yaml or `debian:<version>`; for the host backend `host`. The model
 * also takes `debian:<version>` and image ids (the profile of that kernel's version), so that a
 * scenario can name the same kernel for the model and for qemu and compare them side by side.
 */
import type { BackendName } from "../backend.js";
import { didYouMean } from "./did-you-mean.js";
import type { KernelRef, LabConfig } from "./types.js";

export const MODEL_VERSION = /^\d+\.\d+(\.\d+)?([-+~][A-Za-z0-9.+~-]+)?$/;
export const DEBIAN_KERNEL = /^debian:(\d+\.\d+(\.\d+)?)$/;

/** the resolved kernel, or a message saying why the id does not resolve */
export function resolveKernelId(backend: BackendName, id: string, lab: LabConfig): KernelRef | string {
  switch (backend) {
    case "model":
      if (id === "host") return { kind: "host", id: "host" };
      if (MODEL_VERSION.test(id)) return { kind: "model-version", id, version: id };
      return resolveModelKernel(id, lab);
    case "host":
      if (id === "host") return { kind: "host", id: "host" };
      return `the host backend runs this machine's kernel: write host (use backend: qemu or model for "${id}")`;
    case "qemu":
      return resolveQemuKernel(id, lab);
  }
}

function resolveModelKernel(id: string, lab: LabConfig): KernelRef | string {
  const debian = DEBIAN_KERNEL.exec(id);
  if (debian) return { kind: "debian", id, version: debian[1]! };
  const image = lab.images[id];
  if (image && image.source !== "path") return { kind: "image", id, image };
  if (image) return `image "${id}" is a local tree with no version: the model needs a version such as 6.1`;
  const hint = didYouMean(id, Object.keys(lab.images));
  return `model kernels are versions such as 5.15.127 or 6.1, host, debian:<version> or an image id; got "${id}"${hint}`;
}

function resolveQemuKernel(id: string, lab: LabConfig): KernelRef | string {
  const debian = DEBIAN_KERNEL.exec(id);
  if (debian) return { kind: "debian", id, version: debian[1]! };
  const image = lab.images[id];
  if (image) return { kind: "image", id, image };
  if (id === "host") return "qemu boots kernel images, not the host's kernel: use backend: host";
  if (id.startsWith("debian:"))
    return `"${id}" is not debian:<version> (such as debian:6.1 or debian:6.1.170)`;
  const ids = Object.keys(lab.images);
  const known =
    lab.file === null
      ? "no lab.yaml was found beside or above the scenario"
      : ids.length === 0
        ? `${lab.file} defines no images`
        : `lab.yaml's images: ${ids.join(", ")}`;
  const hint = didYouMean(id, ids) || (MODEL_VERSION.test(id) ? ` (did you mean "debian:${id}"?)` : "");
  return `unknown kernel "${id}" for qemu: neither an image of lab.yaml nor debian:<version>${hint}; ${known}`;
}

/** the version a kernel id stands for when no release is known yet (a prefix such as "6.1"), or null */
export function versionOfKernel(kernel: KernelRef): string | null {
  switch (kernel.kind) {
    case "model-version":
    case "debian":
      return kernel.version;
    case "image":
      return kernel.image.source === "path" ? null : kernel.image.version;
    case "host":
      return null;
  }
}
