/** Runs every check of the table; a check that throws is reported as a warning, never as a crash. */

import { findLabConfig, loadConfigFile } from "../config/load.js";
import { isLabError } from "../errors.js";
import { CHECKS } from "./table.js";
import type { Check, CheckResult, DoctorContext } from "./types.js";

export function doctorContext(cwd = process.cwd(), env: NodeJS.ProcessEnv = process.env): DoctorContext {
  const file = findLabConfig(cwd);
  if (!file) return { env, lab: null, labConfigFile: null, labConfigError: null };
  try {
    return { env, lab: loadConfigFile(file), labConfigFile: file, labConfigError: null };
  } catch (error) {
    const message = isLabError(error) ? `${error.code}: ${error.message.split("\n")[0]}` : String(error);
    return { env, lab: null, labConfigFile: file, labConfigError: `${file}: ${message}` };
  }
}

export async function runChecks(
  context: DoctorContext,
  checks: readonly Check[] = CHECKS,
): Promise<CheckResult[]> {
  return Promise.all(
    checks.map(async (check) => {
      try {
        return { id: check.id, title: check.title, ...(await check.run(context)) };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return {
          id: check.id,
          title: check.title,
          status: "warn" as const,
          detail: `the check failed: ${message}`,
          how: "",
          fix: null,
        };
      }
    }),
  );
}
