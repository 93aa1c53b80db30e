/**
 * The one interface that the model and every kernel backend implement, and that comparison code
 * sees. Its JSON shape is the `lab load --json` result of ../shared/CONTRACT.md.
 */
import type { Program } from "./program.js";

export type BackendName = "model" | "host" | "qemu";
export const BACKEND_NAMES: readonly BackendName[] = ["model", "host", "qemu"];

export type Arch = "x86_64" | "arm64";

export interface LoadOptions {
  /** overrides program.progType */
  progType?: string;
  expectedAttachType?: string;
  logLevel: number;
  /** bytes; 0 means no log buffer */
  logSize: number;
  progFlags?: number;
  /** RLIMIT_MEMLOCK to set before the load, bytes; null/undefined leaves it alone */
  memlockRlimit?: number | null;
  /** when the load fails with ENOSPC or the log lacks the stats line, load once more at level 4 */
  statsReload?: boolean;
  /** ask for xlated instructions and jited length */
  wantInfo?: boolean;
}

export interface LoadRequest extends LoadOptions {
  program: Program;
}

export interface KernelIdentity {
  /** kernel release as `uname -r` prints it, or the model version asked for */
  release: string;
  /** the point release when the image says it and the release does not (Debian's 5.10.0-32-cloud-arm64 is 5.10.223) */
  version?: string;
  arch: Arch;
  /** model only: the profile that answered */
  profile?: string;
  /** true when no real kernel of this version can be run here to check the answer */
  modelOnly?: boolean;
}

export interface VerifierStats {
  processed: number | null;
  totalStates: number | null;
  peakStates: number | null;
  maxStatesPerInsn: number | null;
  markRead: number | null;
  verificationTimeUs: number | null;
}

export interface Diagnosis {
  code: string;
  message: string;
}

export interface ProgInfo {
  xlated: number[] | null;
  jitedLen: number | null;
}

export interface LoadResult {
  backend: BackendName;
  kernel: KernelIdentity;
  verdict: "accepted" | "rejected";
  errno: string | null;
  log: string;
  logTrueSize: number | null;
  stats: VerifierStats;
  statsSource: "log" | "reload" | null;
  diagnosis: Diagnosis[];
  info?: ProgInfo;
}

export interface DeviceNode {
  type: "c" | "b";
  major: number;
  minor: number;
  /** what open() tries: r, w, rw, ... */
  access: string;
}

export interface CgroupDeviceProbeRequest {
  /** the program to load and attach with BPF_CGROUP_DEVICE; null attaches nothing */
  load: LoadRequest | null;
  devices: DeviceNode[];
}

export interface DeviceOutcome extends DeviceNode {
  /** EPERM from open() means denied; anything else (success, ENXIO, ...) means allowed */
  outcome: "allowed" | "denied";
  errno: string | null;
}

export interface CgroupDeviceProbeResult {
  /** the load's result when a program was asked for */
  load: LoadResult | null;
  /** whether a program was attached (false when none was asked for or its load failed) */
  attached: boolean;
  devices: DeviceOutcome[];
}

export interface Backend {
  readonly name: BackendName;
  identity(): Promise<KernelIdentity>;
  load(request: LoadRequest): Promise<LoadResult>;
  /** real kernels only: confine a child in a new cgroup v2 and try to open device nodes */
  probeCgroupDevice?(request: CgroupDeviceProbeRequest): Promise<CgroupDeviceProbeResult>;
  close(): Promise<void>;
}

export function emptyStats(): VerifierStats {
  return {
    processed: null,
    totalStates: null,
    peakStates: null,
    maxStatesPerInsn: null,
    markRead: null,
    verificationTimeUs: null,
  };
}
