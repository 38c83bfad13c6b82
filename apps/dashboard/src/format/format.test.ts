import { describe, expect, it } from 'vitest';
import { bar, histogram, sparkline } from './bars.js';
import { finalCounterLine, lostSpread } from './comparison.js';
import { paintFor } from './paint.js';
import { table } from './table.js';

describe('bars', () => {
  it('fills a bar in proportion and clamps out-of-range fractions', () => {
    expect(bar(0.5, 10)).toBe('█████░░░░░');
    expect(bar(2, 4)).toBe('████');
    expect(bar(Number.NaN, 3)).toBe('░░░');
  });

  it('bins values between their min and max', () => {
    expect(histogram([0, 0, 10, 5], 2)).toEqual([2, 2]);
    expect(histogram([7, 7, 7], 3)).toEqual([3, 0, 0]);
    expect(sparkline([0, 1, 4])).toBe(' ▂█');
  });
});

describe('comparison', () => {
  it('ends like the seed lesson, and says how short a wrong total is', () => {
    expect(finalCounterLine({ finalCounter: 1_000_000, expected: 1_000_000 })).toBe('Final counter: 1000000');
    expect(finalCounterLine({ finalCounter: 728_909, expected: 1_000_000 })).toBe(
      'Final counter: 728909 (expected 1000000: 271,091 updates lost)',
    );
  });

  it('needs two trials for a spread', () => {
    expect(lostSpread([5])).toBeUndefined();
    expect(lostSpread([30, 10, 20])).toMatchObject({ trials: 3, min: 10, median: 20, max: 30 });
  });
});

describe('table', () => {
  it('pads columns to the widest cell', () => {
    const lines = table(
      [
        { header: 'strategy', align: 'left' },
        { header: 'n', align: 'right' },
      ],
      [
        ['none', '1,000'],
        ['mutex', '7'],
      ],
    );
    expect(lines).toEqual(['strategy      n', 'none      1,000', 'mutex         7']);
  });
});

describe('paint', () => {
  it('colours only a terminal, and never when NO_COLOR is set', () => {
    expect(paintFor({ isTTY: true }, {})('red', 'lost')).toBe('\x1b[31mlost\x1b[39m');
    expect(paintFor({ isTTY: true }, { NO_COLOR: '1' })('red', 'lost')).toBe('lost');
    expect(paintFor({ isTTY: false }, {})('red', 'lost')).toBe('lost');
    // The convention: an empty NO_COLOR does not count.
    expect(paintFor({ isTTY: true }, { NO_COLOR: '' })('red', 'lost')).not.toBe('lost');
  });
});
