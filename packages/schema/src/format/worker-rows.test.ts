import { describe, expect, it } from 'vitest';
import { workerRows } from './worker-rows.js';

describe('workerRows', () => {
  it('gives each worker its own row while they fit', () => {
    const rows = workerRows([5, 10, 0], 10, 8);
    expect(rows.map((row) => row.label)).toEqual(['w0', 'w1', 'w2']);
    expect(rows[1]).toEqual({ label: 'w1', first: 1, last: 1, completed: 10, total: 10 });
  });

  it('groups 256 workers into the rows there are, losing no increment', () => {
    const perWorker = Array.from({ length: 256 }, (_, index) => index);
    const rows = workerRows(perWorker, 100, 32);
    expect(rows).toHaveLength(32);
    expect(rows[0]).toEqual({ label: 'w0–7', first: 0, last: 7, completed: 28, total: 800 });
    expect(rows.reduce((sum, row) => sum + row.completed, 0)).toBe((255 * 256) / 2);
  });

  it('keeps within the rows available when they do not divide evenly', () => {
    const rows = workerRows(new Array(256).fill(3), 4, 10);
    expect(rows.length).toBeLessThanOrEqual(10);
    expect(rows[0]?.label).toBe('w0–25');
    expect(rows.at(-1)?.label).toMatch(/–255$/);
    expect(rows.reduce((sum, row) => sum + row.completed, 0)).toBe(256 * 3);
    expect(rows.reduce((sum, row) => sum + row.total, 0)).toBe(256 * 4);
  });

  it('treats fewer than one row as one', () => {
    expect(workerRows([1, 2], 5, 0)).toEqual([{ label: 'w0–1', first: 0, last: 1, completed: 3, total: 10 }]);
  });
});
