/** What every command action needs: the output sink built from the global options. */
import type { Command } from "commander";
import { createOutput, type Output } from "./output.js";

export interface GlobalOptions {
  json?: boolean;
  debug?: boolean;
}

export function outputFor(command: Command): Output {
  const opts = command.optsWithGlobals() as GlobalOptions;
  return createOutput({ json: Boolean(opts.json), debug: Boolean(opts.debug) });
}
