/**
 * Opens a backend by name. Each backend lives in its own folder and is imported lazily, so that
 * asking the model never loads the QEMU code and vice versa.
 */
import type { Arch, Backend, BackendName } from "./backend.js";
import { LabError } from "./errors.js";

export interface BackendOptions {
  /** model: a version or "host"; qemu: an image id or debian:<version>; host: must match if given */
  kernel?: string;
  arch?: Arch;
  /** model: +name,-name feature toggles */
  features?: string;
  /** qemu: kvm | tcg | auto */
  accel?: string;
}

export async function openBackend(name: BackendName, options: BackendOptions): Promise<Backend> {
  switch (name) {
    case "host": {
      const { createHostBackend } = await import("./kernel/host/backend.js");
      return createHostBackend({ kernel: options.kernel, arch: options.arch });
    }
    case "model": {
      const { createModelBackend } = await import("./model/backend.js");
      // `debian:6.1` asks the model for the profile of the kernel that id names (its version)
      const kernel = options.kernel?.replace(/^debian:/, "");
      return createModelBackend({ kernel, arch: options.arch, features: options.features });
    }
    case "qemu": {
      const { createQemuBackend } = await import("./kernel/qemu/backend.js");
      const accel = options.accel === "kvm" || options.accel === "tcg" ? options.accel : "auto";
      return createQemuBackend({ kernel: options.kernel, arch: options.arch, accel });
    }
    default:
      throw new LabError("LAB_NOT_IMPLEMENTED", `the ${name} backend is not available in this build`, {
        where: { value: name },
      });
  }
}
