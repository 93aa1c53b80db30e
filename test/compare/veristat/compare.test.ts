import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import t from "tap";
import { parseCsv } from "../../../lab/compare/veristat/csv.js";
import { parseFilter, passesFilters } from "../../../lab/compare/veristat/filters.js";
import { compareLookup, diffOf, joinRows } from "../../../lab/compare/veristat/table.js";
import { runLab } from "../../helpers/cli.js";

const A = `file_name,prog_name,verdict,duration,total_insns,total_states,peak_states
slurm.bin,slurm_dev_22,success,239,221,22,22
slurm.bin,slurm_dev_64,success,1929,641,64,64
other.o,xdp_prog,failure,10,5,1,1
`;
const B = `file_name,prog_name,verdict,duration,total_insns,total_states,peak_states
slurm.bin,slurm_dev_22,success,250,221,22,22
slurm.bin,slurm_dev_64,failure,2100,700,70,66
new.o,tc_prog,success,3,4,0,0
`;

t.test("diff text follows veristat: signed delta and percentage, MATCH/MISMATCH for verdicts", async (t) => {
  const a = parseCsv(A, "a.csv").rows;
  const b = parseCsv(B, "b.csv").rows;
  const rows = joinRows(a, b);
  t.same(
    rows.map((r) => `${r.file}/${r.prog}`),
    ["new.o/tc_prog", "other.o/xdp_prog", "slurm.bin/slurm_dev_22", "slurm.bin/slurm_dev_64"],
  );
  const r64 = rows.find((r) => r.prog === "slurm_dev_64")!;
  t.equal(diffOf("total_insns", r64.a, r64.b).text, "+59 (+9.20%)");
  t.equal(diffOf("verdict", r64.a, r64.b).text, "MISMATCH");
  const gone = rows.find((r) => r.prog === "xdp_prog")!;
  t.equal(diffOf("total_insns", gone.a, gone.b).text, "-5 (-100.00%)");
});

t.test("filters: globs, denials and stat expressions on compared rows", async (t) => {
  const rows = joinRows(parseCsv(A, "a").rows, parseCsv(B, "b").rows);
  const keep = (specs: string[]) =>
    rows
      .filter((r) => passesFilters(specs.map(parseFilter), r.file, r.prog, compareLookup(r)))
      .map((r) => r.prog);
  t.same(keep(["slurm*"]), ["slurm_dev_22", "slurm_dev_64"]);
  t.same(keep(["slurm.bin/*64"]), ["slurm_dev_64"]);
  t.same(keep(["!slurm*"]), ["tc_prog", "xdp_prog"]);
  t.same(keep(["insns_diff>0"]), ["tc_prog", "slurm_dev_64"]);
  t.same(keep(["verdict_b=failure"]), ["slurm_dev_64"]);
  t.same(keep(["states_pct>5"]), ["tc_prog", "slurm_dev_64"]);
});

t.test("CSV errors name the file, line and column", async (t) => {
  t.throws(() => parseCsv("file_name,prog_name,bogus\n", "x.csv"), {
    code: "LAB_PROGRAM_INVALID",
    where: { file: "x.csv", line: 1, col: 21 },
  });
  t.throws(() => parseCsv("file_name,prog_name,total_insns\na,b,12x\n", "x.csv"), {
    code: "LAB_PROGRAM_INVALID",
    where: { line: 2, col: 5 },
  });
  t.throws(() => parseCsv("file_name,prog_name\na\n", "x.csv"), {
    code: "LAB_PROGRAM_INVALID",
    where: { line: 2 },
  });
});

t.test("lab compare prints the veristat -C table and honours -e and -f", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "lab-compare-"));
  writeFileSync(join(dir, "a.csv"), A);
  writeFileSync(join(dir, "b.csv"), B);
  const r = runLab([
    "compare",
    join(dir, "a.csv"),
    join(dir, "b.csv"),
    "-e",
    "file,prog,verdict,insns",
    "-f",
    "slurm*",
  ]);
  t.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trimEnd().split("\n");
  t.match(
    lines[0],
    /^File\s+Program\s+Verdict \(A\)\s+Verdict \(B\)\s+Verdict \(DIFF\)\s+Insns \(A\)\s+Insns \(B\)\s+Insns \(DIFF\)$/,
  );
  t.match(lines[1], /^-+( {2}-+){7}$/);
  t.match(lines[3], /slurm_dev_64\s+success\s+failure\s+MISMATCH\s+641\s+700\s+\+59 \(\+9\.20%\)$/);
  t.equal(lines.length, 5, "two rows between the rules");
  const json = runLab(["compare", join(dir, "a.csv"), join(dir, "b.csv"), "--json", "-f", "insns_diff!=0"]);
  const parsed = JSON.parse(json.stdout);
  t.same(
    parsed.map((p: { prog_name: string }) => p.prog_name),
    ["tc_prog", "xdp_prog", "slurm_dev_64"],
  );
  const bad = runLab(["compare", join(dir, "a.csv"), join(dir, "b.csv"), "-e", "bogus"]);
  t.equal(bad.status, 2);
  t.match(bad.stderr, /LAB_ARGS_INVALID: unrecognized stat name "bogus"/);
});
