/**
 * The worker sweep as an SVG line chart: ops/s (log scale) against workers (log 2), one line per
 * strategy and anchor, titled with the machine it was measured on. Plain SVG, no dependencies.
 */
import type { BenchReport } from '../bench.js';
import { machineLine } from '../environment.js';
import { SUBJECT_LABELS, SUBJECTS, type Subject } from '../subjects.js';
import { count } from './numbers.js';

const WIDTH = 860;
const HEIGHT = 480;
const PLOT = { left: 70, top: 70, right: 640, bottom: 420 };

const COLORS: Record<Subject, string> = {
  none: '#d62728',
  mutex: '#1f77b4',
  spinlock: '#ff7f0e',
  atomic: '#2ca02c',
  'atomics-mutex': '#9467bd',
  'web-locks': '#8c564b',
  'single-thread': '#7f7f7f',
};

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** 1 k, 10 M, 1 G: one label per decade of the log axis. */
function decadeLabel(value: number): string {
  for (const [unit, size] of [
    ['G', 1e9],
    ['M', 1e6],
    ['k', 1e3],
  ] as const) {
    if (value >= size) return `${Math.round(value / size)} ${unit}`;
  }
  return String(Math.round(value));
}

export function renderChart(report: BenchReport): string {
  const points = report.workerSweep;
  const workers = points.map((point) => point[0]?.workers ?? 1);
  const values = points.flatMap((point) => point.map((entry) => entry.opsPerSecond?.median ?? 0)).filter((v) => v > 0);
  const low = 10 ** Math.floor(Math.log10(Math.min(...values, 1e6)));
  const high = 10 ** Math.ceil(Math.log10(Math.max(...values, 1e7)));
  const minW = Math.min(...workers);
  const maxW = Math.max(...workers, minW * 2);
  const x = (w: number) =>
    PLOT.left + ((Math.log2(w) - Math.log2(minW)) / (Math.log2(maxW) - Math.log2(minW))) * (PLOT.right - PLOT.left);
  const y = (ops: number) =>
    PLOT.bottom -
    ((Math.log10(ops) - Math.log10(low)) / (Math.log10(high) - Math.log10(low))) * (PLOT.bottom - PLOT.top);

  const grid: string[] = [];
  for (let decade = low; decade <= high; decade *= 10) {
    grid.push(
      `<line x1="${PLOT.left}" y1="${y(decade).toFixed(1)}" x2="${PLOT.right}" y2="${y(decade).toFixed(1)}" class="grid"/>`,
      `<text x="${PLOT.left - 8}" y="${(y(decade) + 4).toFixed(1)}" text-anchor="end">${decadeLabel(decade)}</text>`,
    );
  }
  for (const w of workers) {
    grid.push(
      `<line x1="${x(w).toFixed(1)}" y1="${PLOT.top}" x2="${x(w).toFixed(1)}" y2="${PLOT.bottom}" class="grid"/>`,
      `<text x="${x(w).toFixed(1)}" y="${PLOT.bottom + 18}" text-anchor="middle">${w}</text>`,
    );
  }

  const lines: string[] = [];
  const legend: string[] = [];
  SUBJECTS.forEach((subject, index) => {
    const series = points
      .map((point) => point.find((entry) => entry.subject === subject))
      .filter((entry) => entry?.opsPerSecond)
      .map((entry) => [x(entry?.workers ?? 1), y(entry?.opsPerSecond?.median ?? 1)] as const);
    const color = COLORS[subject];
    const legendY = PLOT.top + 10 + index * 24;
    const dash = subject === 'single-thread' ? ' stroke-dasharray="6 4"' : '';
    if (series.length > 0) {
      const path = series.map(([px, py]) => `${px.toFixed(1)},${py.toFixed(1)}`).join(' ');
      lines.push(`<polyline points="${path}" fill="none" stroke="${color}" stroke-width="2.5"${dash}/>`);
      for (const [px, py] of series)
        lines.push(`<circle cx="${px.toFixed(1)}" cy="${py.toFixed(1)}" r="3.5" fill="${color}"/>`);
    }
    legend.push(
      `<line x1="${PLOT.right + 20}" y1="${legendY}" x2="${PLOT.right + 44}" y2="${legendY}" stroke="${color}" stroke-width="2.5"${dash}/>`,
      `<text x="${PLOT.right + 50}" y="${legendY + 4}">${escapeXml(SUBJECT_LABELS[subject])}${series.length ? '' : ' (n/a)'}</text>`,
    );
  });

  const title = `racelab bench: ops/s against workers, ${count(report.settings.sweepTotal)} increments per trial in all (median of ${report.settings.trials})`;
  const machine = `${machineLine(report.environment)}; ${report.startedAt.slice(0, 10)}`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="system-ui, sans-serif" font-size="12">`,
    '<style>.grid{stroke:#ddd;stroke-width:1}text{fill:#333}</style>',
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#fff"/>`,
    `<text x="${PLOT.left}" y="28" font-size="15" font-weight="600">${escapeXml(title)}</text>`,
    `<text x="${PLOT.left}" y="48" fill="#666">${escapeXml(machine)}</text>`,
    ...grid,
    `<text x="${(PLOT.left + PLOT.right) / 2}" y="${PLOT.bottom + 40}" text-anchor="middle">worker threads</text>`,
    `<text x="18" y="${(PLOT.top + PLOT.bottom) / 2}" transform="rotate(-90 18 ${(PLOT.top + PLOT.bottom) / 2})" text-anchor="middle">ops/s (log scale)</text>`,
    ...lines,
    ...legend,
    '</svg>',
    '',
  ].join('\n');
}
