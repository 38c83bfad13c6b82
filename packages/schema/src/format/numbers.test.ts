import { describe, expect, it } from 'vitest';
import {
  finalCounterLine,
  formatCompact,
  formatCount,
  formatDuration,
  formatPercent,
  formatRate,
  RATE_UNIT,
} from './numbers.js';

describe('formatCount', () => {
  it('groups digits by thousands, whatever the locale', () => {
    expect(formatCount(1_000_000)).toBe('1,000,000');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(0)).toBe('0');
    expect(formatCount(-2_147_483_647)).toBe('-2,147,483,647');
  });

  it('rounds fractions as Intl.NumberFormat with no fraction digits does', () => {
    const intl = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
    for (const value of [1234.4, 1234.5, 1234.6, 0.5, 2.5, -2.5, -1234.5, 999_999.5, 1e15 + 0.5]) {
      expect(formatCount(value), String(value)).toBe(intl.format(value));
    }
    expect(formatCount(-0.4)).toBe('0');
  });

  it('writes what is not a finite number as it is', () => {
    expect(formatCount(Number.NaN)).toBe('NaN');
    expect(formatCount(Number.POSITIVE_INFINITY)).toBe('Infinity');
  });
});

describe('formatPercent', () => {
  it('gives percentages of a whole with two decimals, and 0 of nothing', () => {
    expect(formatPercent(271_100, 1_000_000)).toBe('27.11%');
    expect(formatPercent(271_091, 1_000_000)).toBe('27.11%');
    expect(formatPercent(5, 0)).toBe('0.00%');
  });
});

describe('formatRate and formatCompact', () => {
  it('write rates with an SI prefix and one decimal, in ops/s', () => {
    expect(RATE_UNIT).toBe('ops/s');
    expect(formatRate(26_512_345)).toBe('26.5M ops/s');
    expect(formatRate(26_000_000)).toBe('26.0M ops/s');
    expect(formatRate(1_234)).toBe('1.2k ops/s');
    expect(formatRate(2_500_000_000)).toBe('2.5G ops/s');
    expect(formatRate(950)).toBe('950 ops/s');
    expect(formatRate(0)).toBe('0 ops/s');
  });

  it('move to the next prefix when rounding reaches 1000', () => {
    expect(formatRate(999.6)).toBe('1.0k ops/s');
    expect(formatRate(999_940)).toBe('999.9k ops/s');
    expect(formatRate(999_960)).toBe('1.0M ops/s');
    expect(formatCompact(999_960_000)).toBe('1G');
    expect(formatRate(4_321_000_000_000)).toBe('4321.0G ops/s');
  });

  it('keep compact labels short: no trailing .0, signs kept', () => {
    expect(formatCompact(137_000)).toBe('137k');
    expect(formatCompact(-2_500)).toBe('-2.5k');
    expect(formatCompact(26_000_000)).toBe('26M');
    expect(formatCompact(12.4)).toBe('12');
  });
});

describe('formatDuration', () => {
  it('switches to seconds once milliseconds stop being readable', () => {
    expect(formatDuration(146.44)).toBe('146.4 ms');
    expect(formatDuration(9_999.9)).toBe('9999.9 ms');
    expect(formatDuration(23_100)).toBe('23.10 s');
  });
});

describe('finalCounterLine', () => {
  it('keeps the seed line bare, without separators', () => {
    expect(finalCounterLine(1_000_000)).toBe('Final counter: 1000000');
  });
});
