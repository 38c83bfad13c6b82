import { describe, expect, it } from 'vitest';
import { type ChartBox, chartScale, rollbackMarks, toPoint, viewPath } from './chart-geometry.js';

const BOX: ChartBox = { width: 110, height: 60, left: 10, bottom: 10, top: 0, right: 0 };

describe('chart geometry', () => {
  it('scales every view on one shared axis: 0 … iterations across, 0 … the highest read up', () => {
    const views = [
      {
        worker: 0,
        points: [
          [0, 0],
          [9, 40],
        ] as [number, number][],
      },
      {
        worker: 1,
        points: [
          [0, 3],
          [9, 50],
        ] as [number, number][],
      },
    ];
    const scale = chartScale(views, 10);
    expect(scale).toEqual({ iterations: 10, maxValue: 50 });
    expect(toPoint(BOX, scale, 0, 0)).toEqual([10, 50]);
    expect(toPoint(BOX, scale, 10, 50)).toEqual([110, 0]);
    expect(toPoint(BOX, scale, 5, 25)).toEqual([60, 25]);
    expect(viewPath(BOX, scale, views[0] as (typeof views)[number])).toBe('M10 50L100 10');
  });

  it('never divides by zero for an empty run', () => {
    expect(chartScale([], 0)).toEqual({ iterations: 1, maxValue: 1 });
    expect(viewPath(BOX, chartScale([], 0), { worker: 0, points: [] })).toBe('');
  });

  it('marks each read at or below the one before, measuring it only when both reads are adjacent', () => {
    const view = {
      worker: 2,
      points: [
        [0, 10],
        [1, 11],
        [2, 4], // had written 12, read 4: 8 erased
        [3, 5],
        [40, 5], // sampled away in between: at least one rollback, size unknown
        [41, 5], // read 5 again right after writing 6: 1 erased
      ] as [number, number][],
    };
    const marks = rollbackMarks(BOX, chartScale([view], 50), view);
    expect(marks.map(({ iteration, from, to, erased }) => ({ iteration, from, to, erased }))).toEqual([
      { iteration: 2, from: 12, to: 4, erased: 8 },
      { iteration: 40, from: 6, to: 5, erased: undefined },
      { iteration: 41, from: 6, to: 5, erased: 1 },
    ]);
    expect(marks[0]?.worker).toBe(2);
    expect(marks[0]?.x).toBe(14);
  });
});
