import { describe, expect, it } from 'vitest';
import { HEAT_BINS, heatBin, pairMaxima } from './heat-map.js';

describe('heat map bins', () => {
  it('keeps 0 for pairs that never collided and puts the busiest pair in the top bin', () => {
    expect(heatBin(0, 1_000)).toBe(0);
    expect(heatBin(1_000, 1_000)).toBe(HEAT_BINS);
    expect(heatBin(1, 1_000)).toBe(1);
  });

  it('bins on a log scale, so a pair with a tenth of the collisions is still visible', () => {
    expect(heatBin(100, 10_000)).toBe(3);
    expect(heatBin(10, 10_000)).toBe(2);
    const bins = [1, 10, 100, 1_000, 10_000].map((count) => heatBin(count, 10_000));
    expect(bins).toEqual([...bins].sort((a, b) => a - b));
  });

  it('handles a run where nobody collided', () => {
    expect(heatBin(0, 0)).toBe(0);
    expect(
      pairMaxima([
        [0, 0],
        [0, 0],
      ]),
    ).toEqual({ between: 0, self: 0 });
  });

  it('finds the busiest pair and the busiest worker with itself apart', () => {
    expect(
      pairMaxima([
        [7, 3],
        [3, 2],
      ]),
    ).toEqual({ between: 3, self: 7 });
  });
});
