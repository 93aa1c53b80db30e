/**
 * Names the config files may use, as the kernel spells them: program types (without
 * BPF_PROG_TYPE_, lower case, as CONTRACT.md says) and errno names seen from bpf().
 */
import { PROG_TYPES as KERNEL_PROG_TYPES } from "../isa/kernel-enums.js";

/** the kernel's program types in BPF_PROG_TYPE_* order (one table: lab/isa/kernel-enums.ts), less "unspec" */
export const PROG_TYPES: readonly string[] = KERNEL_PROG_TYPES.filter((name) => name !== "unspec");

export const ERRNO_NAMES = [
  "EPERM",
  "ENOENT",
  "ESRCH",
  "EINTR",
  "EIO",
  "ENXIO",
  "E2BIG",
  "ENOEXEC",
  "EBADF",
  "EAGAIN",
  "ENOMEM",
  "EACCES",
  "EFAULT",
  "EBUSY",
  "EEXIST",
  "EXDEV",
  "ENODEV",
  "EINVAL",
  "ENFILE",
  "EMFILE",
  "EFBIG",
  "ENOSPC",
  "ERANGE",
  "EDEADLK",
  "ENAMETOOLONG",
  "ENOSYS",
  "ELOOP",
  "EOVERFLOW",
  "EOPNOTSUPP",
  "ENOTSUPP",
  "ETIMEDOUT",
  "ECANCELED",
] as const;

/** the outcome of a cgroup device access as a probe reports it */
export const DEVICE_EXPECTATIONS = ["allowed", "denied"] as const;
