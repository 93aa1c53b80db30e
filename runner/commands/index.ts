/**
 * The command table: one file per subcommand, each exporting `register(program)`. Command files
 * stay small and import their heavy work lazily inside the action, so `lab --help` starts fast.
 */
import type { Command } from "commander";
import { register as registerAsm } from "./asm.js";
import { register as registerBisect } from "./bisect.js";
import { register as registerCompare } from "./compare.js";
import { register as registerDisasm } from "./disasm.js";
import { register as registerDoctor } from "./doctor.js";
import { register as registerImages } from "./images.js";
import { register as registerLoad } from "./load.js";
import { register as registerModel } from "./model.js";
import { register as registerProg } from "./prog.js";
import { register as registerResults } from "./results.js";
import { register as registerRun } from "./run.js";
import { register as registerStat } from "./stat.js";
import { register as registerValidate } from "./validate.js";
import { register as registerVm } from "./vm.js";

const REGISTRARS: Array<(program: Command) => void> = [
  registerLoad,
  registerCompare,
  registerStat,
  registerProg,
  registerValidate,
  registerDoctor,
  registerRun,
  registerResults,
  registerImages,
  registerDisasm,
  registerAsm,
  registerModel,
  registerVm,
  registerBisect,
];

export function registerCommands(program: Command): void {
  for (const register of REGISTRARS) register(program);
}
