/**
 * A hand-written SVG bar chart of timing summaries: for each key duration, one
 * bar per lab (the median) with a thin line out to the p90. One block per
 * section (a scenario of the comparison, or the lab tests of a run), each with
 * its own scale, under its verdict when it has one.
 */
import { DURATIONS } from "./timing.ts";
import { formatMs, type Section } from "./timing-report.ts";

const WIDTH = 960;
const LABEL_WIDTH = 300;
const BAR_AREA = WIDTH - LABEL_WIDTH - 170; // room on the right for the numbers
const BAR_HEIGHT = 16;
const COLORS = ["#3b6fb6", "#d9822b", "#3a9a5b", "#9b59b6", "#c0392b", "#7f8c8d"];

export function timingChart(title: string, sections: Section[]): string {
  const parts: string[] = [];
  let y = 40;
  parts.push(text(16, 26, title, 'font-size="18" font-weight="bold"'));
  for (const section of sections) {
    y = drawSection(parts, section, y);
  }
  return svgDocument(WIDTH, y + 10, parts);
}

/** A whole SVG file: a white page of `width` × `height` with `parts` drawn on it. */
export function svgDocument(width: number, height: number, parts: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    ...parts,
    "</svg>",
    "",
  ].join("\n");
}

function drawSection(parts: string[], { title, about, verdict, notes, summary }: Section, top: number): number {
  let y = top + 20;
  parts.push(text(16, y, title, 'font-size="15" font-weight="bold"'));
  for (const line of wrap(about ?? "", 140)) {
    y += 16;
    parts.push(text(16, y, line, 'fill="#444"'));
  }
  for (const line of wrap(verdict ?? "", 130)) {
    y += 16;
    parts.push(text(16, y, line, 'font-weight="bold"'));
  }
  for (const line of (notes ?? []).flatMap((note) => wrap(note, 140))) {
    y += 16;
    parts.push(text(16, y, line, 'fill="#444"'));
  }
  y += 10;
  // Legend: one colour per row.
  summary.rows.forEach((row) => {
    const i = summary.rows.indexOf(row);
    parts.push(`<rect x="16" y="${y + 4}" width="12" height="12" fill="${COLORS[i % COLORS.length]}"/>`);
    parts.push(text(34, y + 14, `${row.row} (${row.runs} ${row.runs === 1 ? "run" : "runs"})`));
    y += 18;
  });
  parts.push(text(16, y + 14, "bar: median · thin line: out to p90 · each section has its own scale", 'fill="#666"'));
  y += 30;

  const longest = Math.max(1, ...summary.rows.flatMap((row) => Object.values(row.stats).map((stat) => stat.p90)));
  const scale = (ms: number) => (ms / longest) * BAR_AREA;
  for (const { key, label } of DURATIONS) {
    parts.push(text(16, y + 12, label));
    summary.rows.forEach((row, i) => {
      const stat = row.stats[key];
      const barY = y + i * (BAR_HEIGHT + 2);
      if (!stat) {
        parts.push(text(LABEL_WIDTH, barY + 12, "–", 'fill="#888"'));
        return;
      }
      const color = COLORS[i % COLORS.length];
      const end = LABEL_WIDTH + scale(stat.median);
      const whisker = LABEL_WIDTH + scale(stat.p90);
      parts.push(`<rect x="${LABEL_WIDTH}" y="${barY}" width="${Math.max(1, scale(stat.median)).toFixed(1)}" height="${BAR_HEIGHT}" fill="${color}"/>`);
      parts.push(`<line x1="${end.toFixed(1)}" x2="${whisker.toFixed(1)}" y1="${barY + BAR_HEIGHT / 2}" y2="${barY + BAR_HEIGHT / 2}" stroke="${color}" stroke-width="2"/>`);
      parts.push(`<line x1="${whisker.toFixed(1)}" x2="${whisker.toFixed(1)}" y1="${barY + 3}" y2="${barY + BAR_HEIGHT - 3}" stroke="${color}" stroke-width="2"/>`);
      parts.push(text(whisker + 6, barY + 12, `${formatMs(stat.median)} (p90 ${formatMs(stat.p90)})`));
    });
    y += Math.max(1, summary.rows.length) * (BAR_HEIGHT + 2) + 12;
  }
  return y;
}

/** An SVG <text> element, its content escaped. */
export function text(x: number, y: number, content: string, attributes = ""): string {
  const escaped = content.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  return `<text x="${x.toFixed(1)}" y="${y}" ${attributes}>${escaped}</text>`;
}

/** Splits a sentence into lines of at most `width` characters, at spaces. */
function wrap(sentence: string, width: number): string[] {
  const lines: string[] = [];
  for (const word of sentence.split(" ").filter(Boolean)) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + 1 + word.length <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}
