import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import t from "tap";
import {
  parseDeb822Sources,
  parseOneLineSources,
  readAptSources,
} from "../../../images/debian/apt-sources.js";
import { archivesFromSources, resolveArchiveConfig, suiteBaseUri } from "../../../images/debian/suites.js";

const DEB822 = `Types: deb deb-src
# a comment
URIs: http://mirror.example/debian/
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://mirror.example/debian-security
Suites: bookworm-security
Components: main

Types: deb
Enabled: no
URIs: http://disabled.example/debian
Suites: trixie
Components: main
`;

const ONE_LINE = `# comment
deb [arch=amd64 signed-by=/k.gpg] http://one.example/debian bullseye main contrib
deb-src http://one.example/debian bullseye main
deb http://one.example/debian-security bullseye-security main # trailing
deb https://packages.other.example/apt cloud-sdk-bookworm main
`;

t.test("deb822 stanzas: types, several URIs and suites, comments, Enabled: no", async (t) => {
  const sources = parseDeb822Sources(DEB822, "x.sources");
  t.equal(sources.length, 3, "deb + deb-src of the first stanza, deb of the second");
  t.same(sources[0], {
    type: "deb",
    uri: "http://mirror.example/debian",
    suites: ["bookworm", "bookworm-updates"],
    components: ["main"],
    signedBy: "/usr/share/keyrings/debian-archive-keyring.gpg",
    origin: "x.sources:1",
  });
  t.equal(sources[2]!.origin, "x.sources:8");
  t.notOk(sources.some((s) => s.uri.includes("disabled")));
});

t.test("one-line entries with options and trailing comments", async (t) => {
  const sources = parseOneLineSources(ONE_LINE, "sources.list");
  t.equal(sources.length, 4);
  t.same(sources[0]!.suites, ["bullseye"]);
  t.equal(sources[0]!.signedBy, "/k.gpg");
  t.same(sources[2]!.components, ["main"]);
  t.equal(sources[2]!.origin, "sources.list:4");
});

t.test("the archive and the security archive come from the suites' names", async (t) => {
  const found = archivesFromSources([...parseOneLineSources(ONE_LINE), ...parseDeb822Sources(DEB822)]);
  t.same(found, { archive: "http://one.example/debian", security: "http://one.example/debian-security" });
});

t.test("readAptSources reads sources.list and sources.list.d, ignoring other files", async (t) => {
  const root = mkdtempSync(join(tmpdir(), "lab-apt-"));
  mkdirSync(join(root, "sources.list.d"));
  writeFileSync(join(root, "sources.list.d", "debian.sources"), DEB822);
  writeFileSync(join(root, "sources.list.d", "old.list.disabled"), "deb http://no.example/debian sid main\n");
  const sources = readAptSources(root);
  t.equal(sources.length, 2, "deb-src entries are dropped");
  const config = resolveArchiveConfig({ keyrings: [] }, root);
  t.equal(config.archive, "http://mirror.example/debian");
  t.equal(suiteBaseUri(config, "bullseye-security"), "http://mirror.example/debian-security");
  t.equal(suiteBaseUri(config, "trixie"), "http://mirror.example/debian");
  const override = resolveArchiveConfig({ archive: "http://lab.example/debian", keyrings: [] }, root);
  t.equal(override.archive, "http://lab.example/debian", "an override wins");
  t.equal(override.security, "http://mirror.example/debian-security");
});

t.test("no Debian source at all is a clear error", async (t) => {
  const root = mkdtempSync(join(tmpdir(), "lab-apt-"));
  t.throws(() => resolveArchiveConfig({}, root), { code: "IMAGE_MIRROR_UNREACHABLE" });
});

t.test(
  "this machine's apt sources name a Debian archive",
  { skip: existsSync("/etc/apt") ? false : "no /etc/apt here" },
  async (t) => {
    const config = resolveArchiveConfig();
    t.match(config.archive, /^https?:\/\//);
    t.match(config.security, /^https?:\/\//);
    t.ok(config.keyrings.length > 0, "debian-archive-keyring is installed");
  },
);
