/** Text renderings of `lab images` results. */
import type { Output } from "../../runner/output.js";
import type { CachedImage } from "../cache/images.js";
import type { Available, Fetched } from "./actions.js";

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows
    .map((r) =>
      r
        .map((cell, c) => cell.padEnd(widths[c]!))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

export function renderCached(images: CachedImage[], out: Output): string {
  if (images.length === 0) return "no images cached (lab images fetch debian:6.1)";
  const rows = [
    ["ID", "ARCH", "RELEASE", "DEBIAN VERSION", "SUITE", "MODULES"].map((h) => out.paint("bold", h)),
  ];
  for (const i of images) {
    const modules = i.modules.length ? `${i.modules.length} in layer` : `built in (${i.builtin.length})`;
    rows.push([i.id, i.arch, i.release, i.debianVersion, i.suite, modules]);
  }
  return table(rows);
}

export function renderAvailable(available: Available, out: Output): string {
  const rows = [
    ["ID", "ARCH", "PACKAGE", "DEBIAN VERSION", "SUITE", "SIZE"].map((h) => out.paint("bold", h)),
  ];
  for (const k of available.kernels) {
    rows.push([k.id, k.arch, k.package, k.version, k.suite, `${(k.size / 1e6).toFixed(1)} MB`]);
  }
  const notes = [
    ...available.problems.map((p) => out.paint("yellow", `warning ${p.code}: ${p.message}`)),
    ...(available.stale.length
      ? [out.paint("yellow", `stale (mirror unreachable): ${available.stale.join(", ")}`)]
      : []),
  ];
  return [table(rows), ...notes].join("\n");
}

export function renderFetched(f: Fetched, out: Output): string {
  const lines = [
    `${out.paint("green", "ok")} ${f.id} ${f.arch}: ${f.release} (${f.package} ${f.debianVersion}, ${f.suite}) in ${f.seconds} s`,
    `  kernel     ${f.kernelPath}`,
    `  initramfs  ${f.initramfsPath}`,
    `  modules    ${f.modules.join(" ") || "none needed"}${f.builtin.length ? ` (built in: ${f.builtin.join(" ")})` : ""}`,
    `  agent      ${f.agent ?? "none"}`,
  ];
  for (const s of f.skipped) {
    lines.push(out.paint("yellow", `  skipped ${s.package} ${s.version}: ${s.reason}`));
  }
  for (const w of f.warnings) lines.push(out.paint("yellow", `  warning ${w}`));
  return lines.join("\n");
}
