/** Number formats shared by the table and the chart. */

/** Millions of operations per second, to a precision that suits the size. */
export function millions(opsPerSecond: number): string {
  const value = opsPerSecond / 1e6;
  if (!Number.isFinite(value)) return '–';
  if (value >= 100) return value.toFixed(0);
  if (value >= 1) return value.toFixed(1);
  return value.toPrecision(2);
}

export function times(ratio: number | null): string {
  return ratio === null || !Number.isFinite(ratio) ? '–' : `${ratio.toFixed(2)}×`;
}

export function percent(share: number): string {
  return Number.isFinite(share) ? `${(share * 100).toFixed(1)} %` : '–';
}

export function ms(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(value >= 100 ? 0 : 1)} ms` : '–';
}

/** `1,000,000`, as every racelab front end writes counts. */
export { formatCount as count } from '@racelab/schema/format';

/** Left-aligns the first `leftAligned` columns (or the listed ones), right-aligns the rest. */
export function columns(rows: string[][], leftAligned: number | readonly number[] = 1): string[] {
  const isLeft = (index: number) =>
    typeof leftAligned === 'number' ? index < leftAligned : leftAligned.includes(index);
  const widths = rows.reduce<number[]>(
    (acc, row) => row.map((cell, index) => Math.max(acc[index] ?? 0, cell.length)),
    [],
  );
  return rows.map((row) =>
    row
      .map((cell, index) => (isLeft(index) ? cell.padEnd(widths[index] ?? 0) : cell.padStart(widths[index] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}
