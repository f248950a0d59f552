import type { GroupResult } from './harness.js';

const ROW = 22;
const LABEL_WIDTH = 430;
const PLOT_WIDTH = 420;
const TOP = 58;
const COLOURS = { ours: '#d6336c', langchain: '#1c7ed6' } as const;

const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The rows of the chart: each group that measures ours, with its ratios and its target. */
function rows(groups: GroupResult[]) {
  return groups.flatMap((group) => {
    const ours = group.cases.find((result) => result.kind === 'ours');
    if (!ours || ours.name === group.baseline) return [];
    const peer = group.cases.find((result) => result.kind === 'langchain');
    const target = group.cases.find((result) => result.target)?.target;
    return [{ label: group.short ?? group.name, ours: ours.ratio, peer: peer?.ratio, target }];
  });
}

/**
 * A horizontal bar chart (SVG) of each group's throughput ratio to raw node-redis: ours, and
 * `@langchain/redis` where it has the feature; a tick marks the target, a line the raw limit.
 */
export function ratioChart(groups: GroupResult[], caption: string): string {
  const data = rows(groups);
  const largest = Math.max(1.5, ...data.flatMap((row) => [row.ours, row.peer ?? 0]));
  const scale = Math.ceil(largest * 4) / 4;
  const x = (ratio: number) => LABEL_WIDTH + (Math.min(ratio, scale) / scale) * PLOT_WIDTH;
  const height = TOP + data.length * ROW + 40;
  const width = LABEL_WIDTH + PLOT_WIDTH + 70;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="12" y="20" font-size="15" font-weight="600">Throughput as a ratio of raw node-redis (1.0) — higher is faster</text>`,
    `<text x="12" y="38" fill="#555">${escapeXml(caption)}</text>`,
    `<rect x="${LABEL_WIDTH}" y="44" width="10" height="10" fill="${COLOURS.ours}"/><text x="${LABEL_WIDTH + 14}" y="53">ours</text>`,
    `<rect x="${LABEL_WIDTH + 60}" y="44" width="10" height="10" fill="${COLOURS.langchain}"/><text x="${LABEL_WIDTH + 74}" y="53">@langchain/redis</text>`,
    `<line x1="${LABEL_WIDTH + 190}" y1="49" x2="${LABEL_WIDTH + 190}" y2="49" stroke="#000"/><rect x="${LABEL_WIDTH + 186}" y="43" width="2" height="12" fill="#000"/><text x="${LABEL_WIDTH + 194}" y="53">target</text>`,
  ];
  for (let tick = 0; tick <= scale + 1e-9; tick += 0.25) {
    const position = x(tick);
    const major =
      Math.abs(tick - Math.round(tick)) < 1e-9 || Math.abs(tick * 2 - Math.round(tick * 2)) < 1e-9;
    parts.push(
      `<line x1="${position}" y1="${TOP - 2}" x2="${position}" y2="${TOP + data.length * ROW}" stroke="${tick === 1 ? '#222' : '#e3e3e3'}" stroke-width="${tick === 1 ? 1.5 : 1}"/>`,
    );
    if (major) {
      parts.push(
        `<text x="${position}" y="${TOP + data.length * ROW + 16}" text-anchor="middle" fill="#555">${tick.toFixed(1)}×</text>`,
      );
    }
  }
  data.forEach((row, index) => {
    const top = TOP + index * ROW;
    const label = row.label.length > 68 ? `${row.label.slice(0, 67)}…` : row.label;
    parts.push(
      `<text x="${LABEL_WIDTH - 8}" y="${top + 15}" text-anchor="end">${escapeXml(label)}</text>`,
    );
    const barHeight = row.peer === undefined ? 14 : 8;
    parts.push(
      `<rect x="${LABEL_WIDTH}" y="${top + 4}" width="${x(row.ours) - LABEL_WIDTH}" height="${barHeight}" fill="${COLOURS.ours}"><title>ours ${row.ours.toFixed(2)}×</title></rect>`,
      `<text x="${x(row.ours) + 4}" y="${top + 4 + barHeight - 1}" font-size="10" fill="#333">${row.ours.toFixed(2)}×</text>`,
    );
    if (row.peer !== undefined) {
      parts.push(
        `<rect x="${LABEL_WIDTH}" y="${top + 12}" width="${x(row.peer) - LABEL_WIDTH}" height="8" fill="${COLOURS.langchain}"><title>@langchain/redis ${row.peer.toFixed(2)}×</title></rect>`,
      );
    }
    const bound = row.target?.min ?? row.target?.max;
    if (bound !== undefined) {
      parts.push(
        `<rect x="${x(bound) - 1}" y="${top + 1}" width="2" height="${ROW - 4}" fill="#000"><title>target ${row.target?.min !== undefined ? '≥' : '≤'} ${bound}×: ${row.target?.pass ? 'pass' : 'miss'}</title></rect>`,
      );
    }
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
