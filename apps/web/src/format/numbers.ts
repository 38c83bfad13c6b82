/**
 * How the page writes numbers: the same shapes as the dashboard's (`1,000,000`, `27.11%`,
 * `26.5M ops/s`), so a screenshot of either reads the same.
 */

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatCount(value: number): string {
  return grouped.format(value);
}

export function formatPercent(part: number, whole: number): string {
  return `${((whole > 0 ? part / whole : 0) * 100).toFixed(2)}%`;
}

const UNITS: ReadonlyArray<readonly [number, string]> = [
  [1e9, 'G'],
  [1e6, 'M'],
  [1e3, 'k'],
];

/** `137k`, `26.5M`: short enough for a chart label or a narrow cell. */
export function formatCompact(value: number): string {
  for (const [scale, unit] of UNITS) {
    if (Math.abs(value) >= scale) return `${Number((value / scale).toFixed(1))}${unit}`;
  }
  return String(Math.round(value));
}

export function formatRate(opsPerSecond: number): string {
  return `${formatCompact(opsPerSecond)} ops/s`;
}

export function formatDuration(ms: number): string {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`;
}

/** The seed lesson's closing line, without separators, exactly as the Python original prints it. */
export function finalCounterLine(finalCounter: number): string {
  return `Final counter: ${finalCounter}`;
}
