/** Just enough of an ELF header to tell a binary's machine and whether it is static (no PT_INTERP). */

export interface ElfFacts {
  machine: number;
  /** true when no program header asks for an interpreter (static or static-pie) */
  isStatic: boolean;
}

const PT_INTERP = 3;

export function readElfFacts(bytes: Uint8Array): ElfFacts | null {
  if (bytes.length < 64 || bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46)
    return null;
  const is64 = bytes[4] === 2;
  const little = bytes[5] === 1;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const machine = view.getUint16(18, little);
  const phoff = is64 ? Number(view.getBigUint64(32, little)) : view.getUint32(28, little);
  const phentsize = view.getUint16(is64 ? 54 : 42, little);
  const phnum = view.getUint16(is64 ? 56 : 44, little);
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * phentsize;
    if (at + 4 > bytes.length) return null;
    if (view.getUint32(at, little) === PT_INTERP) return { machine, isStatic: false };
  }
  return { machine, isStatic: true };
}
