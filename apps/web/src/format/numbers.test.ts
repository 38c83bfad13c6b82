import { describe, expect, it } from 'vitest';
import { finalCounterLine, formatCompact, formatCount, formatDuration, formatPercent, formatRate } from './numbers.js';

describe('number formats', () => {
  it('groups counts and keeps the seed line bare', () => {
    expect(formatCount(1_000_000)).toBe('1,000,000');
    expect(finalCounterLine(1_000_000)).toBe('Final counter: 1000000');
  });

  it('writes rates and sizes short', () => {
    expect(formatRate(26_512_345)).toBe('26.5M ops/s');
    expect(formatRate(950)).toBe('950 ops/s');
    expect(formatCompact(137_000)).toBe('137k');
    expect(formatCompact(-2_500)).toBe('-2.5k');
  });

  it('gives percentages of a whole, and 0 of nothing', () => {
    expect(formatPercent(271_100, 1_000_000)).toBe('27.11%');
    expect(formatPercent(5, 0)).toBe('0.00%');
  });

  it('switches to seconds once milliseconds stop being readable', () => {
    expect(formatDuration(146.44)).toBe('146.4 ms');
    expect(formatDuration(23_100)).toBe('23.10 s');
  });
});
