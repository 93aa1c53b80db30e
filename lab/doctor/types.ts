/** `lab doctor`'s vocabulary: a check is a small function; its result says ok/warn/missing, how it knew, and the fix. */
import type { LabConfig } from "../config/types.js";

export type CheckStatus = "ok" | "warn" | "missing";

export interface CheckResult {
  id: string;
  title: string;
  status: CheckStatus;
  /** what was found, in words */
  detail: string;
  /** how it was checked (a command run, a file read) */
  how: string;
  /** what to do about it (the apt package to install, a command), or null when nothing is needed */
  fix: string | null;
}

/** what checks may look at; tests and other machines pass their own */
export interface DoctorContext {
  env: NodeJS.ProcessEnv;
  /** the lab.yaml in effect, or null; `labConfigError` says why it could not be read */
  lab: LabConfig | null;
  labConfigFile: string | null;
  labConfigError: string | null;
}

export interface Check {
  id: string;
  title: string;
  run(context: DoctorContext): Promise<Omit<CheckResult, "id" | "title">> | Omit<CheckResult, "id" | "title">;
}

export const ok = (detail: string, how: string): Omit<CheckResult, "id" | "title"> => ({
  status: "ok",
  detail,
  how,
  fix: null,
});
export const warn = (detail: string, how: string, fix: string | null): Omit<CheckResult, "id" | "title"> => ({
  status: "warn",
  detail,
  how,
  fix,
});
export const missing = (detail: string, how: string, fix: string): Omit<CheckResult, "id" | "title"> => ({
  status: "missing",
  detail,
  how,
  fix,
});
