/**
 * Every error the lab raises on purpose is a LabError: a stable code, a message in plain words,
 * and where it happened (file:line:col, a byte offset, or the offending value). The CLI edge
 * (runner/main.ts) is the only place that turns one into an exit status and printed text.
 */

/** Families of codes; each family has one exit status (see CONTRACT.md "Errors"). */
export const EXIT_STATUS = {
  usage: 2, // bad arguments, bad config, bad program input: the user's to fix
  kernel: 3, // a kernel, VM or the host bpf() is unavailable or misbehaved
  image: 4, // kernel images: download, verification, cache, builds
  internal: 5, // a bug in the lab
} as const;

export type ErrorFamily = keyof typeof EXIT_STATUS;

/** The stable codes. Add new ones here, with their family; never rename one. */
export const ERROR_CODES = {
  LAB_ARGS_INVALID: "usage",
  LAB_CONFIG_INVALID: "usage",
  LAB_PROGRAM_INVALID: "usage",
  LAB_FILE_NOT_FOUND: "usage",
  LAB_NOT_IMPLEMENTED: "usage",
  LAB_OUTPUT_FAILED: "usage", // an output file (-o) cannot be written
  MODEL_UNSUPPORTED: "usage", // the verifier model does not cover an instruction form or program feature
  KERNEL_UNAVAILABLE: "kernel",
  KERNEL_BOOT_TIMEOUT: "kernel",
  KERNEL_BOOT_FAILED: "kernel",
  KERNEL_AGENT_PROTOCOL: "kernel",
  KERNEL_AGENT_FAILED: "kernel",
  KERNEL_QEMU_MISSING: "kernel",
  IMAGE_NOT_FOUND: "image",
  IMAGE_MIRROR_UNREACHABLE: "image",
  IMAGE_INDEX_MISSING: "image",
  IMAGE_CHECKSUM_MISMATCH: "image",
  IMAGE_SIGNATURE_INVALID: "image",
  IMAGE_CACHE_CORRUPT: "image",
  IMAGE_BUILD_FAILED: "image",
  IMAGE_PACKAGE_MISSING: "image",
  IMAGE_DOWNLOAD_FAILED: "image",
  IMAGE_LOCK_FAILED: "image",
  IMAGE_SOURCE_UNREACHABLE: "image", // a kernel source host (kernel.org) cannot be reached: give --tarball PATH or a path: tree
  IMAGE_TARBALL_MISMATCH: "image", // a source tarball's SHA256 differs from the recipe's pin
  IMAGE_PATCH_MISMATCH: "image", // a patch file's SHA256 differs from the one pinned in the recipe
  IMAGE_PATCH_FAILED: "image", // a patch of a recipe does not apply (names file and hunk)
  IMAGE_CONFIG_NOT_SET: "image", // a config fragment's option did not stick after olddefconfig
  IMAGE_TOOLCHAIN_MISSING: "image", // make, a compiler or a build tool for the target arch is missing
  LAB_INTERNAL: "internal",
} as const satisfies Record<string, ErrorFamily>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** Where an error happened: a file position, a byte offset, or a value. */
export interface ErrorWhere {
  file?: string;
  line?: number;
  col?: number;
  offset?: number;
  value?: unknown;
}

export class LabError extends Error {
  readonly code: ErrorCode;
  readonly where: ErrorWhere | undefined;
  readonly hint: string | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { where?: ErrorWhere; hint?: string; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "LabError";
    this.code = code;
    this.where = options.where;
    this.hint = options.hint;
  }
}

export function isLabError(error: unknown): error is LabError {
  return error instanceof LabError;
}

export function exitStatusOf(code: ErrorCode): number {
  return EXIT_STATUS[ERROR_CODES[code]];
}

/** `file:line:col` (or `file`, or `offset N`) for messages; empty when nothing is known. */
export function formatWhere(where: ErrorWhere | undefined): string {
  if (!where) return "";
  if (where.file !== undefined) {
    if (where.line !== undefined) return `${where.file}:${where.line}:${where.col ?? 1}`;
    if (where.offset !== undefined) return `${where.file}@${where.offset}`;
    return where.file;
  }
  if (where.offset !== undefined) return `byte offset ${where.offset}`;
  return "";
}
