/**
 * The HTML report renders in headless Chromium: the page's text says what the cells say, the
 * heat map has one square per cell in its verdict's colour, and the screenshot shows them.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import t from "tap";
import { runLab } from "../../helpers/cli.js";
import { countColor, readPng } from "../../helpers/png.js";

const CHROMIUM = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find(existsSync);
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

t.test(
  "the HTML report renders in Chromium with the cells' content",
  { skip: CHROMIUM ? false : "chromium is not installed (apt-get install chromium)" },
  async (t) => {
    const dir = mkdtempSync(join(tmpdir(), "lab-html-"));
    writeFileSync(
      join(dir, "s.yaml"),
      `name: html-report
programs:
  - { id: slurm, generator: slurm-device, params: { devices: 18..28 }, prog_type: cgroup_device }
loaders:
  - { id: l1, log_level: 1, log_size: 8192 }
targets:
  - { backend: model, kernels: [host, 6.1.170] }
`,
    );
    const env = { LAB_DATA: join(dir, "data") };
    const run = runLab(["run", join(dir, "s.yaml"), "--report", join(dir, "rep"), "--json"], { env });
    t.ok(run.status === 0 || run.status === 1, run.stderr);
    const cells = JSON.parse(run.stdout).cells as Array<{ verdict: string; cell: string }>;
    const rejected = cells.filter((c) => c.verdict === "rejected").length;
    const accepted = cells.filter((c) => c.verdict === "accepted").length;
    t.equal(rejected + accepted, 22);

    const page = `file://${join(dir, "rep", "report.html")}`;
    const userDir = join(dir, "chromium");
    const dom = spawnSync(CHROMIUM!, [...FLAGS, `--user-data-dir=${userDir}`, "--dump-dom", page], {
      encoding: "utf8",
      timeout: 60_000,
    });
    t.equal(dom.status, 0, dom.stderr);
    const html = dom.stdout;
    t.match(html, /<h1>html-report — run /);
    t.match(html, `${cells.length} cells:`);
    const squares = (color: string) =>
      (html.match(new RegExp(`<rect [^>]*fill="${color}"><title>`, "g")) ?? []).length;
    t.equal(squares("#d62728"), rejected, "one red square per rejected cell");
    t.equal(squares("#2ca02c"), accepted, "one green square per accepted cell");
    if (rejected > 0) {
      const first = Math.min(
        ...cells.filter((c) => c.verdict === "rejected").map((c) => Number(/devices=(\d+)/.exec(c.cell)![1])),
      );
      t.match(
        html,
        `from devices=${first} on`,
        "the summary names the first failing device count the cells show",
      );
      t.match(html, /caller's buffer 8192 B/, "the log-size chart draws the caller's buffer");
    }

    const shot = join(dir, "shot.png");
    const png = spawnSync(
      CHROMIUM!,
      [...FLAGS, `--user-data-dir=${userDir}`, `--screenshot=${shot}`, "--window-size=1000,1400", page],
      { timeout: 60_000 },
    );
    t.equal(png.status, 0);
    const img = readPng(new Uint8Array(readFileSync(shot)));
    t.equal(img.width, 1000);
    const red = countColor(img, "#d62728");
    const green = countColor(img, "#2ca02c");
    t.ok(green > 50, `green squares are visible (${green} px)`);
    if (rejected > 0) t.ok(red > 50, `red squares are visible (${red} px)`);
    else t.ok(red < 50);
  },
);
