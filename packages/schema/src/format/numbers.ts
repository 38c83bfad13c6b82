/**
 * How racelab writes the numbers of a run for people: `1,000,000`, `27.11%`, `26.5M ops/s`,
 * `146.4 ms`. The dashboard, the CLI's reports and the web page all print through these, so a
 * screenshot of one reads like the other. No `Intl`: counts are grouped by hand (see
 * `formatInteger`), so printing a number does not start ICU in the CLI and the page ships no
 * formatter setup.
 */
import { formatInteger } from '../messages.js';

/** The unit of every throughput racelab reports. */
export const RATE_UNIT = 'ops/s';

/** `1,000,000`: counts are read by people, so they get thousands separators; fractions are rounded. */
export function formatCount(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  // Halves round away from zero, as Intl.NumberFormat does; `|| 0` turns -0 into 0.
  return formatInteger(Math.sign(value) * Math.round(Math.abs(value)) || 0);
}

/** `27.11%` of `whole`; `0.00%` when there is nothing to divide. */
export function formatPercent(part: number, whole: number): string {
  const ratio = whole > 0 ? part / whole : 0;
  return `${(ratio * 100).toFixed(2)}%`;
}

const PREFIXES: ReadonlyArray<readonly [number, string]> = [
  [1e3, 'k'],
  [1e6, 'M'],
  [1e9, 'G'],
];

/**
 * A value in the smallest SI prefix that keeps it under 1000 once rounded, with one decimal
 * (`['26.5', 'M']`); below 1000, a whole number (`['950', '']`). Decided after rounding, so
 * 999,960 is `1.0M`, not `1000.0k`.
 */
function scaled(value: number): readonly [string, string] {
  const whole = Math.round(value);
  if (Math.abs(whole) < 1000) return [String(whole), ''];
  for (const [scale, prefix] of PREFIXES) {
    const digits = (value / scale).toFixed(1);
    if (Math.abs(Number(digits)) < 1000 || prefix === 'G') return [digits, prefix];
  }
  return [String(whole), ''];
}

/** `26.5M ops/s`, `26.0M ops/s`, `950 ops/s`: rates span six orders of magnitude between strategies, so they get SI prefixes. */
export function formatRate(opsPerSecond: number): string {
  const [digits, prefix] = scaled(opsPerSecond);
  return `${digits}${prefix} ${RATE_UNIT}`;
}

/** `137k`, `-2.5k`: short enough for an axis label or a narrow cell (no trailing `.0`). */
export function formatCompact(value: number): string {
  const [digits, prefix] = scaled(value);
  return `${Number(digits)}${prefix}`;
}

/** `146.4 ms`, or `23.10 s` once milliseconds stop being readable. */
export function formatDuration(ms: number): string {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`;
}

/** The seed lesson's closing line, `Final counter: 1000000`: without separators, exactly as the Python original prints it. */
export function finalCounterLine(finalCounter: number): string {
  return `Final counter: ${finalCounter}`;
}
