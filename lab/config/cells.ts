/** Cells: program x loader x target, the unit the runner loads, stores and compares. */
import type { Cell, Scenario } from "./types.js";

export function cellKey(programKey: string, loaderId: string, targetKey: string): string {
  return `${programKey}/${loaderId}/${targetKey}`;
}

/** every cell of a scenario, targets outermost (one VM per kernel x arch serves its cells) */
export function expandCells(scenario: Scenario): Cell[] {
  const cells: Cell[] = [];
  for (const target of scenario.targets) {
    for (const program of scenario.programs) {
      for (const loader of scenario.loaders) {
        cells.push({ key: cellKey(program.key, loader.id, target.key), program, loader, target });
      }
    }
  }
  return cells;
}

export function countCells(scenario: Scenario): number {
  return scenario.targets.length * scenario.programs.length * scenario.loaders.length;
}
