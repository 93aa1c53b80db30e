/**
 * The machine's apt sources, read the way apt reads them: one-line `sources.list` entries
 * (`deb [opts] URI SUITE COMPONENT...`) and deb822 `.sources` stanzas (`Types:`, `URIs:`,
 * `Suites:`, `Components:`, `Signed-By:`; `#` comments, blank-line separated, `Enabled: no`).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface AptSource {
  type: string;
  uri: string;
  suites: string[];
  components: string[];
  signedBy: string | null;
  /** file:line where the entry starts */
  origin: string;
}

function stripComment(line: string): string {
  const hash = line.indexOf("#");
  return (hash >= 0 ? line.slice(0, hash) : line).trim();
}

export function parseOneLineSources(text: string, file = "sources.list"): AptSource[] {
  const sources: AptSource[] = [];
  text.split("\n").forEach((raw, index) => {
    const line = stripComment(raw);
    if (!line) return;
    const optionMatch = /\[([^\]]*)\]/.exec(line);
    const options = optionMatch ? optionMatch[1]! : "";
    const words = line
      .replace(/\[[^\]]*\]/, " ")
      .split(/\s+/)
      .filter(Boolean);
    const [type, uri, suite, ...components] = words;
    if (!type || !uri || !suite) return;
    const signed = /signed-by=(\S+)/.exec(options);
    sources.push({
      type,
      uri: uri.replace(/\/+$/, ""),
      suites: [suite],
      components,
      signedBy: signed ? signed[1]! : null,
      origin: `${file}:${index + 1}`,
    });
  });
  return sources;
}

export function parseDeb822Sources(text: string, file = "x.sources"): AptSource[] {
  const sources: AptSource[] = [];
  let fields = new Map<string, string>();
  let start = 0;
  let lastKey = "";
  const flush = () => {
    if (fields.size > 0 && (fields.get("enabled") ?? "yes").toLowerCase() !== "no") {
      const list = (key: string) => (fields.get(key) ?? "").split(/\s+/).filter(Boolean);
      for (const type of list("types")) {
        for (const uri of list("uris")) {
          sources.push({
            type,
            uri: uri.replace(/\/+$/, ""),
            suites: list("suites"),
            components: list("components"),
            signedBy: fields.get("signed-by")?.trim() || null,
            origin: `${file}:${start}`,
          });
        }
      }
    }
    fields = new Map();
  };
  text.split("\n").forEach((raw, index) => {
    if (raw.startsWith("#")) return;
    if (raw.trim() === "") {
      flush();
      return;
    }
    if (fields.size === 0) start = index + 1;
    if (/^\s/.test(raw) && lastKey) {
      fields.set(lastKey, `${fields.get(lastKey)}\n${raw.trim()}`);
      return;
    }
    const colon = raw.indexOf(":");
    if (colon < 0) return;
    lastKey = raw.slice(0, colon).trim().toLowerCase();
    fields.set(lastKey, raw.slice(colon + 1).trim());
  });
  flush();
  return sources;
}

/** Every enabled `deb` entry under an apt configuration root (default: /etc/apt). */
export function readAptSources(root = "/etc/apt"): AptSource[] {
  const sources: AptSource[] = [];
  const read = (file: string) => {
    try {
      return readFileSync(file, "utf8");
    } catch {
      return null;
    }
  };
  const main = read(join(root, "sources.list"));
  if (main !== null) sources.push(...parseOneLineSources(main, join(root, "sources.list")));
  let names: string[] = [];
  try {
    names = readdirSync(join(root, "sources.list.d")).sort();
  } catch {
    names = [];
  }
  for (const name of names) {
    const file = join(root, "sources.list.d", name);
    const text = name.endsWith(".list") || name.endsWith(".sources") ? read(file) : null;
    if (text === null) continue;
    if (name.endsWith(".list")) sources.push(...parseOneLineSources(text, file));
    else sources.push(...parseDeb822Sources(text, file));
  }
  return sources.filter((s) => s.type === "deb");
}
