import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import t from "tap";
import {
  archivesFromSources,
  parseDeb822Sources,
  parseOneLineSources,
  readAptSources,
} from "../../lab/config/apt-sources.js";

const MIRROR = "http://mirror.example.invalid/debian";
const SECURITY = "http://mirror.example.invalid/debian-security";

t.test("one-line entries: options, comments, deb-src", async (t) => {
  const text = `# a comment
deb [arch=amd64 signed-by=/usr/share/keyrings/k.gpg] ${MIRROR}/ bookworm main contrib
deb-src ${MIRROR} bookworm main
deb ${SECURITY} bookworm-security main # trailing comment

deb http://other.example.invalid/apt nodistro main
`;
  const sources = parseOneLineSources(text, "sources.list");
  t.equal(sources.length, 4);
  t.same(sources[0], {
    type: "deb",
    uri: MIRROR,
    suites: ["bookworm"],
    components: ["main", "contrib"],
    signedBy: "/usr/share/keyrings/k.gpg",
    origin: "sources.list:2",
  });
  t.equal(sources[1]!.type, "deb-src");
  t.same(sources[2]!.components, ["main"]);
});

t.test("deb822 stanzas: several types, URIs and suites, Enabled: no, continuation lines", async (t) => {
  const text = `Types: deb deb-src
# a comment inside
URIs: ${MIRROR}
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: ${SECURITY}
Suites: bookworm-security
Components: main
 contrib

Types: deb
Enabled: no
URIs: http://disabled.example.invalid/debian
Suites: trixie
Components: main
`;
  const sources = parseDeb822Sources(text, "debian.sources");
  t.same(
    sources.map((s) => [s.type, s.uri, s.suites.join(","), s.components.join(","), s.origin]),
    [
      ["deb", MIRROR, "bookworm,bookworm-updates", "main", "debian.sources:1"],
      ["deb-src", MIRROR, "bookworm,bookworm-updates", "main", "debian.sources:1"],
      ["deb", SECURITY, "bookworm-security", "main,contrib", "debian.sources:8"],
    ],
  );
});

t.test(
  "an apt root: sources.list, *.list and *.sources read; other files ignored; archives picked",
  async (t) => {
    const root = mkdtempSync(join(tmpdir(), "lab-apt-"));
    mkdirSync(join(root, "sources.list.d"));
    writeFileSync(
      join(root, "sources.list.d", "debian.sources"),
      `Types: deb\nURIs: ${MIRROR}\nSuites: bookworm\nComponents: main\n\nTypes: deb\nURIs: ${SECURITY}\nSuites: bookworm-security\nComponents: main\n`,
    );
    writeFileSync(
      join(root, "sources.list.d", "vendor.list"),
      "deb http://vendor.example.invalid/apt stable-vendor main\n",
    );
    writeFileSync(
      join(root, "sources.list.d", "old.list.disabled"),
      "deb http://ignored.example.invalid/debian bookworm main\n",
    );
    const sources = readAptSources(root);
    t.same(
      sources.map((s) => s.uri),
      [MIRROR, SECURITY, "http://vendor.example.invalid/apt"],
    );
    t.same(archivesFromSources(sources), { archive: MIRROR, security: SECURITY });
    t.same(readAptSources(join(root, "none")), [], "no apt configuration: no sources");
  },
);

t.test("this machine's sources parse (whatever they are)", async (t) => {
  const sources = readAptSources();
  for (const s of sources) {
    t.equal(s.type, "deb");
    t.match(s.uri, /^[a-z+]+:\/\//);
    t.match(s.origin, /^\/etc\/apt\/sources\.list(\.d\/.+)?:\d+$/);
  }
});
