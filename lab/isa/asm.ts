/**
 * The assembler: text in the verifier log's own syntax -> Program. One instruction per line, as
 * disasm.ts prints it; `;` and `//` start comments. Directives: `.map NAME TYPE key=K value=V
 * entries=N [flags=F]`, `.prog_type NAME`, `.license TEXT`.
 *
 * Pasted verifier logs work too: when a line looks like a log's instruction line (`12: (61) r2 =
 * ...`, or a 6.18 "Live regs" line `  12: 0.2....... (61) ...`), only such lines are read, each at
 * its printed index, the opcode checked against the text and the trailing `; R1=...` state dropped;
 * everything else (states, `from 3 to 5:`, stats) is skipped. Map references printed as kernel
 * addresses become map references (one map per address; key/value sizes from a `map_ptr(...ks=4,
 * vs=8)` state comment when there is one).
 */
import { LabError } from "../errors.js";
import type { MapDef, MapRelocation, Program } from "../program.js";
import { AsmLineError, type MapRef, parseInsnText } from "./asm-line.js";
import type { Insn } from "./insn.js";
import * as op from "./opcodes.js";

/** BPF_MAXINSNS for privileged loads (BPF_COMPLEXITY_LIMIT_INSNS) */
const MAX_INSNS = 1_000_000;
const LOG_LINE = /^(\s*)(\d+): (?:[.0-9]{10} )?\(([0-9a-f]{2})\) (.*)$/;

export interface AssembleOptions {
  /** file name for messages and the program's name ("-" for stdin) */
  origin?: string;
}

interface Placed {
  insns: Insn[];
  line: number;
}

function fail(origin: string, line: number, col: number, message: string): never {
  throw new LabError("LAB_PROGRAM_INVALID", message, { where: { file: origin, line, col } });
}

function commentAt(text: string): number {
  const semi = text.indexOf(";");
  const slash = text.indexOf("//");
  const cuts = [semi, slash].filter((i) => i >= 0);
  return cuts.length ? Math.min(...cuts) : text.length;
}

/** Heuristic for a map pointer pasted from a log: a kernel address, not a small negative number. */
function kernelAddress(x: Insn, next: Insn): bigint | null {
  if (x.code !== op.LD_IMM64 || x.src !== 0) return null;
  const v = (BigInt(next.imm >>> 0) << 32n) | BigInt(x.imm >>> 0);
  return v >= 0xffff000000000000n && v < 0xffffff0000000000n ? v : null;
}

class MapTable {
  readonly maps: MapDef[] = [];
  private readonly index = new Map<string, number>();
  /** placeholders made without a state comment: a later line's `ks=`/`vs=` may still tell */
  private readonly guessed = new Set<number>();
  constructor(private readonly origin: string) {}

  declare(text: string, line: number): void {
    const m = /^\.map\s+([A-Za-z_.][\w.]*)\s+([a-z_0-9]+)((?:\s+\w+=\w+)*)\s*$/.exec(text);
    if (!m) fail(this.origin, line, 1, "expected `.map NAME TYPE key=K value=V entries=N [flags=F]`");
    const kv = Object.fromEntries([...m[3]!.matchAll(/(\w+)=(\w+)/g)].map((x) => [x[1], Number(x[2])]));
    for (const [k, v] of Object.entries(kv)) {
      if (!["key", "value", "entries", "flags"].includes(k))
        fail(this.origin, line, 1, `unknown .map field ${k}`);
      if (!Number.isInteger(v) || v < 0)
        fail(this.origin, line, 1, `.map ${k} must be a non-negative integer`);
    }
    if (this.index.has(m[1]!)) fail(this.origin, line, 1, `map ${m[1]} is declared twice`);
    this.add({
      name: m[1]!,
      type: m[2]!,
      keySize: kv.key ?? 4,
      valueSize: kv.value ?? 8,
      maxEntries: kv.entries ?? 1,
      flags: kv.flags ?? 0,
    });
  }

  private add(def: MapDef): number {
    this.index.set(def.name, this.maps.length);
    this.maps.push(def);
    return this.maps.length - 1;
  }

  /** The index of a referenced map; undeclared ids and addresses get a placeholder definition. */
  resolve(ref: MapRef, state: string, line: number, col: number): number {
    let name = ref.name;
    if (ref.id !== undefined) name = `map_id_${ref.id}`;
    if (ref.address !== undefined) name = `map_${ref.address.toString(16)}`;
    const known = this.index.get(name!);
    if (known !== undefined && !this.guessed.has(known)) return known;
    if (ref.name !== undefined) {
      fail(
        this.origin,
        line,
        col,
        `map ${ref.name} is not declared (add \`.map ${ref.name} array key=4 value=8 entries=1\`)`,
      );
    }
    const ks = /\bks=(\d+)/.exec(state);
    const vs = /\bvs=(\d+)/.exec(state);
    if (known !== undefined && !ks) return known;
    const keySize = ks ? Number(ks[1]) : 4;
    const def: MapDef = {
      name: name!,
      type: keySize === 4 ? "array" : "hash",
      keySize,
      valueSize: vs ? Number(vs[1]) : 8,
      maxEntries: 1,
      flags: 0,
    };
    if (known !== undefined) {
      this.maps[known] = def;
      this.guessed.delete(known);
      return known;
    }
    const index = this.add(def);
    if (!ks) this.guessed.add(index);
    return index;
  }
}

export function assemble(text: string, options: AssembleOptions = {}): Program {
  const origin = options.origin ?? "-";
  const lines = text.split(/\r?\n/);
  const logMode = lines.some((l) => LOG_LINE.test(l));
  const maps = new MapTable(origin);
  const relocations: MapRelocation[] = [];
  const slots: Array<Placed | undefined> = [];
  let progType: string | null = null;
  let license = "GPL";

  lines.forEach((raw, i) => {
    const line = i + 1;
    const trimmed = raw.trim();
    if (trimmed.startsWith(".")) {
      const [word, ...rest] = trimmed.split(/\s+/);
      if (word === ".map") maps.declare(trimmed, line);
      else if (word === ".prog_type" && rest.length === 1) progType = rest[0]!;
      else if (word === ".license" && rest.length > 0) license = rest.join(" ");
      else fail(origin, line, 1, `unknown directive ${trimmed}`);
      return;
    }
    let body = raw;
    let bodyCol = 1;
    let hint: number | undefined;
    let index = slots.length;
    if (logMode) {
      const m = LOG_LINE.exec(raw);
      if (!m) return;
      index = Number(m[2]);
      if (index >= MAX_INSNS)
        fail(
          origin,
          line,
          m[1]!.length + 1,
          `instruction index ${index} is past the ${MAX_INSNS} a program can have`,
        );
      hint = Number.parseInt(m[3]!, 16);
      body = m[4]!;
      bodyCol = raw.length - body.length + 1;
    }
    const cut = commentAt(body);
    const state = body.slice(cut);
    const insnText = body.slice(0, cut);
    if (insnText.trim() === "") return;
    const lead = insnText.length - insnText.trimStart().length;
    let parsed: ReturnType<typeof parseInsnText>;
    try {
      parsed = parseInsnText(insnText, hint);
    } catch (error) {
      if (error instanceof AsmLineError) fail(origin, line, bodyCol + lead + error.col - 1, error.message);
      throw error;
    }
    const [first, second] = parsed.insns;
    if (hint !== undefined && first!.code !== hint) {
      fail(
        origin,
        line,
        bodyCol - 5,
        `the log says (${m2(hint)}) but the text is a (${m2(first!.code)}) instruction`,
      );
    }
    let ref = parsed.map;
    let about = state;
    const address = logMode && second ? kernelAddress(first!, second) : null;
    if (address !== null) {
      // the state after the load says what the register now holds: R1_w=map_value(ks=4,vs=18,off=9)
      const reg = new RegExp(`\\bR${first!.dst}(?:_w)?=(map_ptr|map_value)\\(([^)]*)\\)`).exec(state);
      const asValue = reg?.[1] === "map_value";
      const offset = asValue ? Number(/\boff=(-?\d+)/.exec(reg[2]!)?.[1] ?? 0) : 0;
      ref = { address: address - BigInt(offset), kind: asValue ? "value" : "fd", offset };
      about = reg?.[2] ?? state;
      first!.src = asValue ? op.BPF_PSEUDO_MAP_VALUE : op.BPF_PSEUDO_MAP_FD;
      second!.imm = offset;
    }
    if (ref) {
      const mapIndex = maps.resolve(ref, about, line, bodyCol + lead);
      first!.imm = mapIndex;
      relocations.push({ insnIndex: index, mapIndex, kind: ref.kind, offset: ref.offset });
    }
    place(slots, index, { insns: parsed.insns, line }, origin, bodyCol);
  });
  return finish(slots, origin, { progType, license, maps: maps.maps, relocations, logMode });
}

const m2 = (n: number) => n.toString(16).padStart(2, "0");

function place(
  slots: Array<Placed | undefined>,
  index: number,
  entry: Placed,
  origin: string,
  col: number,
): void {
  entry.insns.forEach((x, k) => {
    const at = index + k;
    const seen = slots[at];
    if (seen && JSON.stringify(seen.insns[0]) !== JSON.stringify(x)) {
      fail(origin, entry.line, col, `instruction ${at} differs from the one on line ${seen.line}`);
    }
    slots[at] = { insns: [x], line: seen?.line ?? entry.line };
  });
}

function finish(
  slots: Array<Placed | undefined>,
  origin: string,
  rest: Pick<Program, "progType" | "license" | "maps" | "relocations"> & { logMode: boolean },
): Program {
  if (slots.length === 0) fail(origin, 1, 1, "no instructions");
  const insns: Insn[] = [];
  for (let i = 0; i < slots.length; i++) {
    const slot = slots[i];
    if (!slot) {
      const after = slots.slice(i).find((s) => s !== undefined);
      fail(origin, after?.line ?? 1, 1, `instruction ${i} is missing (the log never printed it)`);
    }
    insns.push(slot.insns[0]!);
  }
  const name = (origin.split("/").pop() ?? origin).replace(/\.[^.]*$/, "") || "prog";
  const relocations = [...new Map(rest.relocations.map((r) => [r.insnIndex, r])).values()];
  return {
    name: origin === "-" ? "stdin" : name,
    insns,
    progType: rest.progType,
    expectedAttachType: null,
    license: rest.license,
    maps: rest.maps,
    relocations: relocations.sort((a, b) => a.insnIndex - b.insnIndex),
    source: { origin, format: "text" },
  };
}
