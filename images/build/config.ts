/**
 * Kernel config text: `CONFIG_X=value` and `# CONFIG_X is not set` lines. Fragments are merged
 * over a base (a later value of a symbol replaces an earlier one, in place), and after
 * `make olddefconfig` every option a fragment asked for is checked: one that did not stick (a
 * dependency is missing, or the symbol does not exist in this tree) is an error naming it and
 * the fragment's file:line.
 */
import { LabError } from "../../lab/errors.js";

export interface ConfigOption {
  name: string;
  /** "y", "m", a number, a quoted string, or "n" for `# CONFIG_X is not set` */
  value: string;
  /** 1-based line in its file */
  line: number;
}

export interface Fragment {
  file: string;
  text: string;
}

const SET = /^(CONFIG_[A-Za-z0-9_]+)=(.*)$/;
const UNSET = /^# (CONFIG_[A-Za-z0-9_]+) is not set$/;

export function parseConfig(text: string): ConfigOption[] {
  const options: ConfigOption[] = [];
  text.split("\n").forEach((raw, index) => {
    const line = raw.trim();
    const set = SET.exec(line);
    if (set) options.push({ name: set[1]!, value: set[2]!, line: index + 1 });
    const unset = UNSET.exec(line);
    if (unset) options.push({ name: unset[1]!, value: "n", line: index + 1 });
  });
  return options;
}

/** The symbols of a config text, name -> value ("n" when not set). */
export function configValues(text: string): Map<string, string> {
  return new Map(parseConfig(text).map((o) => [o.name, o.value]));
}

export function formatOption(name: string, value: string): string {
  return value === "n" ? `# ${name} is not set` : `${name}=${value}`;
}

/**
 * The base with each fragment's options written over it: a symbol the base has is replaced in
 * place, a new one is appended. Later fragments win.
 */
export function mergeFragments(base: string, fragments: Fragment[]): string {
  const lines = base.replace(/\n$/, "").split("\n");
  const at = new Map<string, number>();
  lines.forEach((line, index) => {
    const name = SET.exec(line.trim())?.[1] ?? UNSET.exec(line.trim())?.[1];
    if (name) at.set(name, index);
  });
  for (const fragment of fragments) {
    for (const option of parseConfig(fragment.text)) {
      const text = formatOption(option.name, option.value);
      const index = at.get(option.name);
      if (index === undefined) {
        at.set(option.name, lines.length);
        lines.push(text);
      } else lines[index] = text;
    }
  }
  return `${lines.join("\n")}\n`;
}

export interface NotStuck {
  option: string;
  wanted: string;
  got: string;
  file: string;
  line: number;
}

/** The fragment options whose final value differs from what the (last) fragment asked for. */
export function optionsNotStuck(finalText: string, fragments: Fragment[]): NotStuck[] {
  const final = configValues(finalText);
  const wanted = new Map<string, { value: string; file: string; line: number }>();
  for (const fragment of fragments) {
    for (const option of parseConfig(fragment.text))
      wanted.set(option.name, { value: option.value, file: fragment.file, line: option.line });
  }
  const missing: NotStuck[] = [];
  for (const [option, want] of wanted) {
    const got = final.get(option) ?? "n";
    if (got !== want.value)
      missing.push({ option, wanted: want.value, got, file: want.file, line: want.line });
  }
  return missing;
}

/** Throws IMAGE_CONFIG_NOT_SET naming every option that did not stick (the first one's position). */
export function checkFragmentsStuck(finalText: string, fragments: Fragment[], configPath: string): void {
  const missing = optionsNotStuck(finalText, fragments);
  if (missing.length === 0) return;
  const first = missing[0]!;
  const list = missing.map((m) => `${formatOption(m.option, m.wanted)} (${m.file}:${m.line}) is ${m.got}`);
  throw new LabError(
    "IMAGE_CONFIG_NOT_SET",
    `${missing.length} config option(s) of the fragments did not stick after olddefconfig: ${list.join("; ")}`,
    {
      where: { file: first.file, line: first.line, col: 1, value: first.option },
      hint: `a dependency of ${first.option} is missing or the symbol does not exist in this tree; see ${configPath} and the option's Kconfig "depends on"`,
    },
  );
}
