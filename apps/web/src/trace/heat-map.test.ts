import { describe, expect, it } from 'vitest';
import { groupPairs, HEAT_BINS, heatBin, pairMaxima } from './heat-map.js';

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

describe('grouping a big map', () => {
  it('leaves a small map as it is', () => {
    const pairs = [
      [1, 2],
      [2, 3],
    ];
    expect(groupPairs(pairs, 32)).toEqual({
      groups: [
        { first: 0, last: 0 },
        { first: 1, last: 1 },
      ],
      counts: pairs,
    });
  });

  it('sums neighbouring workers into blocks, the last one possibly smaller', () => {
    const pairs = Array.from({ length: 5 }, (_, a) => Array.from({ length: 5 }, (_, b) => (a === b ? 0 : 1)));
    const { groups, counts } = groupPairs(pairs, 2);
    expect(groups).toEqual([
      { first: 0, last: 2 },
      { first: 3, last: 4 },
    ]);
    // Block (0–2, 0–2): 9 cells less the 3 diagonal ones; (0–2, 3–4): 6 cells.
    expect(counts).toEqual([
      [6, 6],
      [6, 2],
    ]);
  });

  it('keeps 256 workers to 32 rows', () => {
    const pairs = Array.from({ length: 256 }, () => new Array<number>(256).fill(1));
    const { groups, counts } = groupPairs(pairs, 32);
    expect(groups).toHaveLength(32);
    expect(counts[0]?.[0]).toBe(64);
  });
});
