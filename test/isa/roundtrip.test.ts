/**
 * Seeded properties over every form of the table: decode(encode(x)) = x, the form validates, and
 * asm(disasm(x)) = x, one instruction at a time and as whole programs in plain and log syntax.
 */
import t from "tap";
import { assemble } from "../../lab/isa/asm.js";
import { disassemble, formatInsn } from "../../lab/isa/disasm.js";
import { decodeInsns, encodeInsns, type Insn } from "../../lab/isa/insn.js";
import { INSN_FORMS } from "../../lab/isa/table.js";
import { matchForm } from "../../lab/isa/validate.js";
import { int, randomInsn, rng } from "./random.js";

const PER_FORM = 40;
// the kernel does not print a kfunc call's off (the BTF fd index); it stays 0 here
const printable = (x: Insn[]) => (x[0]!.src === 2 && x[0]!.code === 0x85 ? [{ ...x[0]!, off: 0 }] : x);

t.test("decode(encode(x)) over all field values", async (t) => {
  const r = rng(1);
  const insns: Insn[] = [];
  for (let i = 0; i < 5000; i++) {
    insns.push({
      code: int(r, 0, 255),
      dst: int(r, 0, 15),
      src: int(r, 0, 15),
      off: int(r, -32768, 32767),
      imm: (r() * 2 ** 32) | 0,
    });
  }
  t.same(decodeInsns(encodeInsns(insns)), insns);
});

t.test("every form: valid, and asm(disasm(x)) = x", async (t) => {
  const r = rng(2);
  let cases = 0;
  const failures: string[] = [];
  for (const form of INSN_FORMS) {
    for (let i = 0; i < PER_FORM; i++) {
      const x = printable(randomInsn(form, r));
      const m = matchForm(x[0]!, x[1]);
      if (!m.ok || m.form.name !== form.name)
        failures.push(`${form.name}: ${JSON.stringify(x)} -> ${m.ok ? m.form.name : m.reason}`);
      const text = formatInsn(x, 0, { pseudo: "symbolic" }).replace(/^\([0-9a-f]{2}\) /, "");
      try {
        const back = assemble(text).insns;
        if (JSON.stringify(back) !== JSON.stringify(x))
          failures.push(`${form.name}: '${text}' -> ${JSON.stringify(back)} != ${JSON.stringify(x)}`);
      } catch (error) {
        failures.push(`${form.name}: '${text}' -> ${(error as Error).message}`);
      }
      cases++;
    }
  }
  t.same(failures.slice(0, 10), [], `${cases} cases`);
  t.ok(cases >= 5000, `${cases} cases`);
});

t.test("whole programs, plain and pasted-log syntax", async (t) => {
  const r = rng(3);
  for (let p = 0; p < 50; p++) {
    const insns: Insn[] = [];
    const n = int(r, 1, 60);
    for (let i = 0; i < n; i++)
      insns.push(...printable(randomInsn(INSN_FORMS[int(r, 0, INSN_FORMS.length - 1)]!, r)));
    const lines = disassemble(insns, { pseudo: "symbolic" });
    const plain = lines.map((l) => l.replace(/^\d+: \([0-9a-f]{2}\) /, "")).join("\n");
    t.same(assemble(plain).insns, insns, `program ${p} plain`);
    const log = lines
      .map((l, i) => (i % 3 === 0 ? `${l}   ; R1_w=scalar()` : l))
      .join("\nfrom 1 to 2: R1=ctx()\n");
    t.same(assemble(log).insns, insns, `program ${p} log`);
  }
});
