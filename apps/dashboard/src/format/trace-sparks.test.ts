import type { TraceView } from '@racelab/schema';
import { describe, expect, it } from 'vitest';
import { sparkLevel, sparkRow, sparkSegments, viewsTop, wrapWords } from './trace-sparks.js';

describe('trace sparks', () => {
  it('scales values onto 8 heights, the top value the tallest', () => {
    expect(sparkLevel(0, 100)).toBe(0);
    expect(sparkLevel(50, 100)).toBe(4);
    expect(sparkLevel(100, 100)).toBe(7);
    expect(sparkLevel(5, 0)).toBe(0);
  });

  it('draws a rising counter as rising sparks, one cell per slice of iterations', () => {
    const view: TraceView = { worker: 3, points: Array.from({ length: 8 }, (_, i) => [i, i * 10] as [number, number]) };
    const row = sparkRow(view, 8, 8, viewsTop([view]));
    expect(row.worker).toBe(3);
    expect(row.cells.join('')).toBe('▁▂▃▄▅▆▇█');
    expect(row.marks.every((mark) => !mark)).toBe(true);
    expect(row.biggestErased).toBe(0);
  });

  it('marks the cell of a rollback, shows its low point, and measures it when both reads are adjacent', () => {
    // Read 0..39, then at iteration 40 read 10: it had just written 40, a stale write took it back to 10.
    const points: [number, number][] = [];
    for (let i = 0; i < 40; i++) points.push([i, i]);
    points.push([40, 10], [79, 49]);
    const row = sparkRow({ worker: 0, points }, 80, 4, 79);
    expect(row.marks).toEqual([false, false, true, false]);
    expect(row.biggestErased).toBe(30);
    // Cell 2 shows the low point (10 of 79: the lowest spark but one); cell 3 repeats nothing, it has its own read.
    expect(row.cells[2]).toBe('▂');
    expect(row.cells[3]).toBe('▅');
  });

  it('counts a read of the same value again as a rollback of 1, and leaves a gap between sampled points unmeasured', () => {
    const row = sparkRow(
      {
        worker: 1,
        points: [
          [0, 5],
          [1, 5],
          [50, 2],
          [99, 60],
        ],
      },
      100,
      2,
      60,
    );
    expect(row.marks).toEqual([true, true]);
    expect(row.biggestErased).toBe(1);
  });

  it('leaves cells blank before the first read and repeats the last read through empty cells', () => {
    const row = sparkRow({ worker: 0, points: [[5, 70]] }, 10, 10, 70);
    expect(row.cells.join('')).toBe('     █████');
  });

  it('joins cells into runs of marked and unmarked ones', () => {
    expect(sparkSegments({ cells: ['a', 'b', 'c', 'd'], marks: [false, false, true, false] })).toEqual([
      { text: 'ab', marked: false },
      { text: 'c', marked: true },
      { text: 'd', marked: false },
    ]);
  });

  it('wraps words to a width', () => {
    expect(wrapWords('w6 read 421,019 and wrote 421,020', 16)).toEqual(['w6 read 421,019', 'and wrote', '421,020']);
    expect(wrapWords('', 10)).toEqual([]);
  });
});
