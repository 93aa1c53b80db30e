/**
 * The form table: field names per opcode, validation of reserved fields, and each kernel line's
 * printing of one instance of every form (a committed snapshot: a change in how any kernel line
 * prints any form shows up in review).
 */
import t from "tap";
import { formatInsn } from "../../lab/isa/disasm.js";
import { insn } from "../../lab/isa/insn.js";
import { codeFields, formByName, INSN_FORMS } from "../../lab/isa/table.js";
import { matchForm } from "../../lab/isa/validate.js";
import { randomInsn, rng } from "./random.js";

t.test("opcode fields and form metadata", async (t) => {
  t.same(codeFields(0x61), { class: "ldx", size: "w", mode: "mem", op: null, source: null });
  t.same(codeFields(0x91), { class: "ldx", size: "b", mode: "memsx", op: null, source: null });
  t.same(codeFields(0xdb), { class: "stx", size: "dw", mode: "atomic", op: null, source: null });
  t.same(codeFields(0x56), { class: "jmp32", size: null, mode: null, op: "jne", source: "k" });
  t.same(codeFields(0xdc), { class: "alu", size: null, mode: null, op: "end", source: "to_be" });
  t.match(formByName.get("sdiv64_x"), {
    code: 0x3f,
    fixed: { off: 1 },
    isa: 4,
    since: "6.6",
    class: "alu64",
    op: "div",
    source: "x",
  });
  t.match(formByName.get("may_goto"), { code: 0xe5, isa: 4, since: "6.9", op: "jcond" });
  t.match(formByName.get("atomic64_cmpxchg"), { code: 0xdb, fixed: { imm: 0xf1 }, isa: 3, since: "5.12" });
  t.equal(new Set(INSN_FORMS.map((f) => f.name)).size, INSN_FORMS.length, "names are unique");
});

t.test("validation names the reserved field", async (t) => {
  t.match(matchForm(insn(0xb7, 1, 2, 0, 5)), { ok: false, reason: /src is reserved/ });
  t.match(matchForm(insn(0x3f, 1, 2, 2, 0)), { ok: false, reason: /no form of 0x3f fits/ });
  t.match(matchForm(insn(0x0e, 0, 0, 0, 0)), { ok: false, reason: "unknown opcode 0x0e" });
  t.match(matchForm(insn(0x18, 1, 7, 0, 0), insn(0, 0, 0, 0, 0)), { ok: false });
  t.match(matchForm(insn(0x18, 1, 0, 0, 0)), { ok: false, reason: /second slot/ });
  t.match(matchForm(insn(0xdb, 1, 2, 0, 0xf1)), { ok: true, form: { name: "atomic64_cmpxchg" } });
});

t.test("every form as each kernel line prints it", async (t) => {
  const r = rng(5);
  const rows = INSN_FORMS.map((form) => {
    const x = randomInsn(form, r);
    const cells = [undefined, "5.10.223", "6.1.170", "6.6", "6.12.117"].map((kernel) =>
      formatInsn(x, 0, { kernel }),
    );
    return `${form.name.padEnd(22)} ${cells.join(" | ")}`;
  });
  t.matchSnapshot(rows.join("\n"), "newest | 5.10 | 6.1 | 6.6 | 6.12");
});
