/** Small inline-SVG chart primitives for the HTML report (no network, no scripts). */
import { escapeXml } from "./junit.js";

export interface Series {
  label: string;
  color: string;
  points: Array<[number, number]>;
}

const PALETTE = [
  "#1f77b4",
  "#d62728",
  "#2ca02c",
  "#9467bd",
  "#ff7f0e",
  "#8c564b",
  "#e377c2",
  "#17becf",
  "#7f7f7f",
  "#bcbd22",
];

export function colorAt(i: number): string {
  return PALETTE[i % PALETTE.length]!;
}

export interface HeatCell {
  row: number;
  col: number;
  color: string;
  title: string;
}

export function heatMap(
  rows: string[],
  cols: string[],
  cells: HeatCell[],
  opts: { cell?: number } = {},
): string {
  const size = opts.cell ?? 12;
  const left = Math.max(...rows.map((r) => r.length), 4) * 6.5 + 10;
  const top = 40;
  const width = left + cols.length * size + 10;
  const height = top + rows.length * size + 10;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" role="img" class="heat">`,
  ];
  rows.forEach((r, i) => {
    parts.push(
      `<text x="${left - 6}" y="${top + i * size + size * 0.8}" text-anchor="end" font-size="11">${escapeXml(r)}</text>`,
    );
  });
  cols.forEach((c, j) => {
    if (cols.length <= 20 || j % 5 === 0 || j === cols.length - 1) {
      parts.push(
        `<text x="${left + j * size + size / 2}" y="${top - 6}" text-anchor="middle" font-size="10">${escapeXml(c)}</text>`,
      );
    }
  });
  for (const c of cells) {
    parts.push(
      `<rect x="${left + c.col * size}" y="${top + c.row * size}" width="${size - 1}" height="${size - 1}" fill="${c.color}"><title>${escapeXml(c.title)}</title></rect>`,
    );
  }
  parts.push("</svg>");
  return parts.join("");
}

export function lineChart(
  series: Series[],
  opts: { xLabel: string; yLabel: string; hline?: { y: number; label: string } },
): string {
  const w = 640;
  const h = 320;
  const m = { l: 70, r: 170, t: 20, b: 40 };
  const all = series.flatMap((s) => s.points);
  const maxX = Math.max(1, ...all.map((p) => p[0]));
  const maxY = Math.max(1, ...all.map((p) => p[1]), opts.hline ? opts.hline.y * 1.1 : 0);
  const x = (v: number) => m.l + (v / maxX) * (w - m.l - m.r);
  const y = (v: number) => h - m.b - (v / maxY) * (h - m.t - m.b);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" role="img" class="chart">`,
  ];
  parts.push(`<line x1="${m.l}" y1="${h - m.b}" x2="${w - m.r}" y2="${h - m.b}" stroke="#333"/>`);
  parts.push(`<line x1="${m.l}" y1="${m.t}" x2="${m.l}" y2="${h - m.b}" stroke="#333"/>`);
  for (let i = 0; i <= 4; i++) {
    const v = Math.round((maxY * i) / 4);
    parts.push(`<text x="${m.l - 6}" y="${y(v) + 4}" text-anchor="end" font-size="10">${v}</text>`);
    const xv = Math.round((maxX * i) / 4);
    parts.push(`<text x="${x(xv)}" y="${h - m.b + 14}" text-anchor="middle" font-size="10">${xv}</text>`);
  }
  parts.push(
    `<text x="${(m.l + w - m.r) / 2}" y="${h - 6}" text-anchor="middle" font-size="11">${escapeXml(opts.xLabel)}</text>`,
  );
  parts.push(
    `<text x="14" y="${(m.t + h - m.b) / 2}" font-size="11" transform="rotate(-90 14 ${(m.t + h - m.b) / 2})" text-anchor="middle">${escapeXml(opts.yLabel)}</text>`,
  );
  if (opts.hline) {
    parts.push(
      `<line x1="${m.l}" y1="${y(opts.hline.y)}" x2="${w - m.r}" y2="${y(opts.hline.y)}" stroke="#000" stroke-dasharray="6 4"/>`,
    );
    parts.push(
      `<text x="${w - m.r + 4}" y="${y(opts.hline.y) + 4}" font-size="10">${escapeXml(opts.hline.label)}</text>`,
    );
  }
  series.forEach((s, i) => {
    const pts = [...s.points].sort((a, b) => a[0] - b[0]);
    if (pts.length)
      parts.push(
        `<polyline fill="none" stroke="${s.color}" stroke-width="2" points="${pts.map((p) => `${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`).join(" ")}"/>`,
      );
    parts.push(`<rect x="${w - m.r + 8}" y="${m.t + i * 16}" width="10" height="10" fill="${s.color}"/>`);
    parts.push(
      `<text x="${w - m.r + 22}" y="${m.t + i * 16 + 9}" font-size="10">${escapeXml(s.label)}</text>`,
    );
  });
  parts.push("</svg>");
  return parts.join("");
}

export function barChart(bars: Array<{ label: string; value: number; max: number }>): string {
  const rowH = 22;
  const left = Math.max(...bars.map((b) => b.label.length), 4) * 6.5 + 10;
  const w = left + 320;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${bars.length * rowH + 10}" role="img" class="bars">`,
  ];
  bars.forEach((b, i) => {
    const frac = b.max ? b.value / b.max : 0;
    const yy = 5 + i * rowH;
    parts.push(
      `<text x="${left - 6}" y="${yy + 14}" text-anchor="end" font-size="11">${escapeXml(b.label)}</text>`,
    );
    parts.push(`<rect x="${left}" y="${yy}" width="240" height="16" fill="#eee"/>`);
    parts.push(
      `<rect x="${left}" y="${yy}" width="${(240 * frac).toFixed(1)}" height="16" fill="${frac === 1 ? "#2ca02c" : "#ff7f0e"}"/>`,
    );
    parts.push(`<text x="${left + 246}" y="${yy + 13}" font-size="11">${b.value}/${b.max}</text>`);
  });
  parts.push("</svg>");
  return parts.join("");
}
