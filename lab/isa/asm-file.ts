/** `lab asm`'s work: read text (a file or stdin), assemble, write the raw bytes atomically. */
import { readFile, rename, writeFile } from "node:fs/promises";
import { LabError } from "../errors.js";
import type { MapDef, MapRelocation } from "../program.js";
import { assemble } from "./asm.js";
import { encodeInsns } from "./insn.js";

export interface AsmResult {
  output: string;
  insns: number;
  bytes: number;
  maps: MapDef[];
  relocations: MapRelocation[];
}

async function readText(path: string): Promise<string> {
  try {
    if (path !== "-") return await readFile(path, "utf8");
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString("utf8");
  } catch (error) {
    throw new LabError("LAB_FILE_NOT_FOUND", `cannot read ${path}: ${(error as Error).message}`, {
      where: { file: path },
      cause: error,
    });
  }
}

export async function assembleFile(path: string, output: string): Promise<AsmResult> {
  const program = assemble(await readText(path), { origin: path });
  const bytes = encodeInsns(program.insns);
  const temp = `${output}.tmp-${process.pid}`;
  try {
    await writeFile(temp, bytes);
    await rename(temp, output);
  } catch (error) {
    throw new LabError("LAB_FILE_NOT_FOUND", `cannot write ${output}: ${(error as Error).message}`, {
      where: { file: output },
      cause: error,
    });
  }
  return {
    output,
    insns: program.insns.length,
    bytes: bytes.length,
    maps: program.maps,
    relocations: program.relocations,
  };
}
