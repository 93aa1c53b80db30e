import t from "tap";
import { runLab } from "../helpers/cli.js";

t.test("--version prints the package version", async (t) => {
  const r = runLab(["--version"]);
  t.equal(r.status, 0);
  t.match(r.stdout, /^\d+\.\d+\.\d+\n$/);
});

t.test("an unknown command is a LAB_ARGS_INVALID usage error with status 2 and no stack", async (t) => {
  const r = runLab(["no-such-command"]);
  t.equal(r.status, 2);
  t.match(r.stderr, /^error LAB_ARGS_INVALID: unknown command 'no-such-command'/);
  t.notMatch(r.stderr, /\s+at \S+ \(/, "no stack trace for a user's mistake");
});

t.test("--json turns an error into one JSON object on stdout", async (t) => {
  const r = runLab(["load", "/nonexistent/prog.bin", "--json"]);
  t.equal(r.status, 2);
  const parsed = JSON.parse(r.stdout);
  t.same(Object.keys(parsed), ["error"]);
  t.equal(parsed.error.code, "LAB_FILE_NOT_FOUND");
  t.equal(parsed.error.where, "/nonexistent/prog.bin");
  t.equal(r.stderr, "");
});

t.test("--debug shows the stack of a user error", async (t) => {
  const r = runLab(["load", "/nonexistent/prog.bin", "--debug"]);
  t.equal(r.status, 2);
  t.match(r.stderr, /LAB_FILE_NOT_FOUND/);
  t.match(r.stderr, /\n\s+at /);
});

t.test("every subcommand has --help", async (t) => {
  const top = runLab(["--help"]);
  t.equal(top.status, 0);
  const names = [...top.stdout.split("Commands:")[1]!.matchAll(/^ {2}([a-z-]+) /gm)]
    .map((m) => m[1])
    .filter((n) => n !== "help");
  t.ok(names.length >= 1);
  for (const name of names) {
    const r = runLab([name!, "--help"]);
    t.equal(r.status, 0, `${name} --help exits 0`);
    t.match(r.stdout, new RegExp(`Usage: lab ${name}`));
  }
});
