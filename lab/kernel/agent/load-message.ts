/**
 * A LoadRequest (Program + options) as the agent's `load` message: names become the kernel's
 * numbers (lab/isa/kernel-enums.ts), maps and their ld_imm64 slots go along. Pure.
 */
import type { LoadRequest } from "../../backend.js";
import { LabError } from "../../errors.js";
import { encodeInsns } from "../../isa/insn.js";
import { attachTypeNumber, mapTypeNumber, progTypeNumber } from "../../isa/kernel-enums.js";
import { type LoadRequestMsg, RELOC_KIND } from "../protocol.js";

export function toLoadMessage(request: LoadRequest): LoadRequestMsg {
  const { program } = request;
  const progTypeName = request.progType ?? program.progType;
  if (!progTypeName)
    throw new LabError(
      "LAB_ARGS_INVALID",
      `${program.source.origin} does not say its program type: give --prog-type`,
      {
        where: { file: program.source.origin },
      },
    );
  const attachName = request.expectedAttachType ?? program.expectedAttachType;
  return {
    progType: numberOf(progTypeNumber, progTypeName, "program type"),
    expectedAttachType: attachName ? numberOf(attachTypeNumber, attachName, "attach type") : undefined,
    insns: encodeInsns(program.insns),
    license: program.license,
    logLevel: request.logLevel,
    logSize: request.logSize,
    progFlags: request.progFlags,
    progName: kernelProgName(program.name),
    maps: program.maps.map((m) => ({
      mapType: numberOf(mapTypeNumber, m.type, "map type"),
      keySize: m.keySize,
      valueSize: m.valueSize,
      maxEntries: m.maxEntries,
      mapFlags: m.flags,
    })),
    relocs: program.relocations.map((r) => ({
      insnIndex: r.insnIndex,
      mapIndex: r.mapIndex,
      relocKind: RELOC_KIND[r.kind],
      offset: r.offset,
    })),
  };
}

/** bpf_attr.prog_name: at most 15 characters of [A-Za-z0-9_.], as the kernel accepts. */
export function kernelProgName(name: string): string {
  return name.replace(/[^A-Za-z0-9_.]/g, "_").slice(0, 15);
}

function numberOf(lookup: (name: string) => number | null, name: string, what: string): number {
  const n = lookup(name);
  if (n === null || (n === 0 && what !== "attach type"))
    throw new LabError("LAB_ARGS_INVALID", `unknown ${what} ${JSON.stringify(name)}`, {
      where: { value: name },
    });
  return n;
}
