/** Human formatting of the numbers a run produces; one place so the table, the CLI and the UI agree. */

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** `1,000,000`: counts are read by people, so they get thousands separators. */
export function formatCount(value: number): string {
  return grouped.format(value);
}

/** `27.11%` of `whole`; `0.00%` when there is nothing to divide. */
export function formatPercent(part: number, whole: number): string {
  const ratio = whole > 0 ? part / whole : 0;
  return `${(ratio * 100).toFixed(2)}%`;
}

const RATE_UNITS: ReadonlyArray<readonly [number, string]> = [
  [1e9, 'G'],
  [1e6, 'M'],
  [1e3, 'k'],
];

/** `26.5M ops/s`: rates span six orders of magnitude between strategies, so they get SI prefixes. */
export function formatRate(opsPerSecond: number): string {
  for (const [scale, unit] of RATE_UNITS) {
    if (opsPerSecond >= scale) return `${(opsPerSecond / scale).toFixed(1)}${unit} ops/s`;
  }
  return `${Math.round(opsPerSecond)} ops/s`;
}

/** `146.4 ms`, or `2.31 s` once milliseconds stop being readable. */
export function formatDuration(ms: number): string {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`;
}

/** `137k`: short enough for an axis label. */
export function formatCompact(value: number): string {
  for (const [scale, unit] of RATE_UNITS) {
    if (Math.abs(value) >= scale) return `${Number((value / scale).toFixed(1))}${unit}`;
  }
  return String(Math.round(value));
}
