import { describe, expect, it } from 'vitest';
import { median, stats, summarize } from './statistics.js';

const trial = (lostUpdates: number, opsPerSecond: number) => ({
  actual: 100 - lostUpdates,
  lostUpdates,
  spawnMs: 0,
  runMs: 1,
  opsPerSecond,
  workers: [],
});

describe('statistics', () => {
  it('median of odd and even counts', () => {
    expect(median([1, 5, 9])).toBe(5);
    expect(median([1, 3, 5, 9])).toBe(4);
  });

  it('stats sorts numerically and is null for no values', () => {
    expect(stats([10, 9, 100, 2])).toEqual({ min: 2, median: 9.5, max: 100 });
    expect(stats([])).toBeNull();
  });

  it('a summary is correct only when every requested trial finished exactly', () => {
    expect(summarize([trial(0, 5), trial(0, 7)], 2)).toEqual({
      correct: true,
      lostUpdates: { min: 0, median: 0, max: 0 },
      opsPerSecond: { min: 5, median: 6, max: 7 },
    });
    expect(summarize([trial(0, 5), trial(3, 7)], 2).correct).toBe(false);
    expect(summarize([trial(0, 5)], 2).correct).toBe(false);
  });
});
