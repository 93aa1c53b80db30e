/** Argument value parsers shared by commands; each names the offending value in its error. */
import { LabError } from "../lab/errors.js";

export function parseInteger(name: string, min = 0, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const trimmed = value.trim();
    const n = /^0x[0-9a-f]+$/i.test(trimmed) ? Number.parseInt(trimmed, 16) : Number(trimmed);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new LabError(
        "LAB_ARGS_INVALID",
        `${name} must be an integer in ${min}..${max}, got ${JSON.stringify(value)}`,
        {
          where: { value },
        },
      );
    }
    return n;
  };
}

export function parseChoice<T extends string>(name: string, choices: readonly T[]) {
  return (value: string): T => {
    if ((choices as readonly string[]).includes(value)) return value as T;
    throw new LabError(
      "LAB_ARGS_INVALID",
      `${name} must be one of ${choices.join(", ")}, got ${JSON.stringify(value)}`,
      {
        where: { value },
      },
    );
  };
}
