import { describe, expect, it } from 'vitest';
import { analyzeTrace, FULL_DETAIL } from './analyze-trace.js';

const logsOf = (...logs: number[][]) => logs.map((log) => Int32Array.from(log));

describe('analyzeTrace on hand-built logs', () => {
  /*
   * w0 and w1 both read 0 and both write 1 (a collision); both read 1; w0 writes 2, then reads and
   * writes on to 5 while w1, paused since it read 1, waits; w1 then writes its stale 2, erasing 3
   * updates. w0 reads 2 (the rollback) and writes 3; w1 reads 3 and writes 4. Final counter: 4.
   */
  const race = logsOf([0, 1, 2, 3, 4, 2], [0, 1, 3]);

  it('accounts for every lost update: 9 reads, final 4, 5 lost = 4 repeated + 1 above', () => {
    const { trace, reads, unreadBelowFinal } = analyzeTrace(race, 4);
    expect(reads).toBe(9);
    expect(unreadBelowFinal).toBe(0);
    expect(trace.repeatedReads).toBe(4);
    expect(trace.readsAboveFinal).toBe(1);
  });

  it('finds the rollback, its size, and who wrote the stale value', () => {
    expect(analyzeTrace(race, 4).trace.rollbacks).toEqual({
      count: 1,
      erased: 3,
      biggest: [{ seenBy: 0, iteration: 5, from: 5, to: 2, erased: 3, writer: 1 }],
    });
  });

  it('counts who collided with whom, and a worker re-reading its own value on the diagonal', () => {
    // values 0, 1, 3 read by both; 2 read twice by w0
    expect(analyzeTrace(race, 4).trace.pairs).toEqual([
      [1, 3],
      [3, 0],
    ]);
  });

  it('keeps every point when a log is short', () => {
    expect(analyzeTrace(race, 4).trace.views).toEqual([
      {
        worker: 0,
        points: [
          [0, 0],
          [1, 1],
          [2, 2],
          [3, 3],
          [4, 4],
          [5, 2],
        ],
      },
      {
        worker: 1,
        points: [
          [0, 0],
          [1, 1],
          [2, 3],
        ],
      },
    ]);
  });

  it('counts work erased at the end as reads above the final counter', () => {
    // w0 reads 0 and is paused; w1 counts to 5; w0 writes its stale 1, the final value.
    const { trace } = analyzeTrace(logsOf([0], [0, 1, 2, 3, 4]), 1);
    expect(trace.repeatedReads).toBe(1);
    expect(trace.readsAboveFinal).toBe(4);
    expect(trace.rollbacks.count).toBe(0);
  });

  it('leaves the writer out when the logs cannot tell', () => {
    // w0 wrote 4 (read 3); w1 and w2 both read 1, so either may have written the 2 that w0 reads next.
    const { biggest } = analyzeTrace(logsOf([0, 3, 2], [1, 2], [1]), 3).trace.rollbacks;
    expect(biggest).toEqual([{ seenBy: 0, iteration: 2, from: 4, to: 2, erased: 2 }]);
  });

  it('counts a rollback of one: reading again the value just read', () => {
    const { rollbacks } = analyzeTrace(logsOf([0, 1, 1, 2], [0]), 3).trace;
    expect(rollbacks.count).toBe(1);
    // w1 read 0 and, late, wrote the 1 that w0 reads again.
    expect(rollbacks.biggest).toEqual([{ seenBy: 0, iteration: 2, from: 2, to: 1, erased: 1, writer: 1 }]);
  });

  it('shows one stale value once among the biggest, and sorts them biggest first', () => {
    // w0 and w1 both saw the counter fall back to 1 (w2 wrote it, having read 0).
    const logs = logsOf([2, 3, 4, 1], [5, 6, 1], [0]);
    const { rollbacks } = analyzeTrace(logs, 2).trace;
    expect(rollbacks.count).toBe(2);
    expect(rollbacks.erased).toBe(4 + 6);
    expect(rollbacks.biggest).toEqual([{ seenBy: 1, iteration: 2, from: 7, to: 1, erased: 6, writer: 2 }]);
  });

  it('is 0 and 0 for a lock: every value read once', () => {
    const logs = logsOf([0, 2, 4, 6], [1, 3, 5, 7]);
    const { trace } = analyzeTrace(logs, 8);
    expect(trace).toMatchObject({
      repeatedReads: 0,
      readsAboveFinal: 0,
      rollbacks: { count: 0, erased: 0, biggest: [] },
    });
    expect(trace.pairs).toEqual([
      [0, 0],
      [0, 0],
    ]);
  });

  it('finds the same writers without counting pairs', () => {
    const compact = { biggest: 5, pairs: false, viewPoints: 0, viewRollbacks: 0 };
    expect(analyzeTrace(race, 4, compact).trace.rollbacks.biggest).toEqual(
      analyzeTrace(race, 4).trace.rollbacks.biggest,
    );
    const ambiguous = logsOf([0, 3, 2], [1, 2], [1]);
    expect(analyzeTrace(ambiguous, 3, compact).trace.rollbacks.biggest[0]?.writer).toBeUndefined();
    const once = logsOf([0, 1, 1, 2], [0]);
    expect(analyzeTrace(once, 3, compact).trace.rollbacks.biggest[0]?.writer).toBe(1);
  });

  it('leaves out pairs and views when asked to, and keeps only the biggest asked for', () => {
    const { trace } = analyzeTrace(race, 4, { biggest: 0, pairs: false, viewPoints: 0, viewRollbacks: 0 });
    expect(trace.pairs).toBeUndefined();
    expect(trace.views).toBeUndefined();
    expect(trace.rollbacks).toEqual({ count: 1, erased: 3, biggest: [] });
  });

  it('reports logs that cannot be right', () => {
    // A final counter of 6 with nobody having read 5 is impossible.
    expect(analyzeTrace(race, 6).unreadBelowFinal).toBe(1);
    expect(() => analyzeTrace(logsOf([0, -1]), 1)).toThrow(RangeError);
  });

  it('downsamples a long log to the points asked for, keeping the biggest rollbacks exactly', () => {
    const long = new Int32Array(100_000);
    for (let i = 0; i < long.length; i++) long[i] = 2 * i;
    long[60_000] = 5; // a fall from 119,999 back to 5
    long[30_000] = 59_000; // a smaller one
    const { trace } = analyzeTrace([long], 200_000, { ...FULL_DETAIL, viewPoints: 100, viewRollbacks: 2 });
    const points = trace.views?.[0]?.points ?? [];
    expect(points.length).toBeLessThanOrEqual(100);
    expect(points.length).toBeGreaterThan(90);
    expect(points).toContainEqual([59_999, 119_998]);
    expect(points).toContainEqual([60_000, 5]);
    expect(points).toContainEqual([29_999, 59_998]);
    expect(points).toContainEqual([30_000, 59_000]);
    const iterations = points.map(([iteration]) => iteration);
    expect(iterations).toEqual([...iterations].sort((a, b) => a - b));
    expect(trace.rollbacks.biggest.map((rollback) => rollback.iteration)).toEqual([60_000, 30_000]);
  });
});
