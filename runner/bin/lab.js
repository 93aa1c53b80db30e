#!/usr/bin/env node
// The `lab` command: a thin shim over the compiled CLI (dist/, built by `npm install` / `npm run build`).
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const entry = join(root, "dist", "runner", "main.js");
if (!existsSync(entry)) {
  process.stderr.write(
    `lab: ${entry} is missing; run \`npm install\` (or \`npm run build\`) in ${root} first\n`,
  );
  process.exit(5);
}
// A closed pipe (`lab ... | head`) ends the output quietly, as other Unix tools do.
process.stdout.on("error", (error) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});
const { main } = await import(entry);
process.exitCode = await main(process.argv.slice(2));
