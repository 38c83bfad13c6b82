import { describe, expect, it } from 'vitest';
import type { TrialResult } from '../result.js';
import type { Trace } from '../trace.js';
import {
  accountingLine,
  biggestRollbacks,
  firstViewedTrial,
  rollbackStory,
  rollbackSummary,
  traceTotals,
} from './trace.js';

const big = { seenBy: 6, iteration: 60_614, from: 421_020, to: 259_504, erased: 161_516, writer: 1 };
const small = { seenBy: 0, iteration: 5, from: 100, to: 90, erased: 10 };

function trial(lostUpdates: number, trace?: Trace): TrialResult {
  return {
    actual: 1_000 - lostUpdates,
    lostUpdates,
    spawnMs: 1,
    runMs: 1,
    opsPerSecond: 1,
    workers: [],
    ...(trace ? { trace } : {}),
  };
}

describe('the trace in words', () => {
  it('tells a rollback as a story, naming the stale writer when the logs can tell', () => {
    expect(rollbackStory(big)).toBe(
      'w6 read 421,019 and wrote 421,020; w1, paused since it read 259,503, then wrote 259,504: 161,516 updates erased at once',
    );
    expect(rollbackStory({ ...small, from: 11, to: 10, erased: 1 })).toBe(
      'w0 read 10 and wrote 11; another thread, paused since it read 9, then wrote 10: 1 update erased',
    );
  });

  it('sums up the rollbacks in one sentence, singular for one', () => {
    expect(rollbackSummary({ rollbacks: 1_234, erased: 175_424 })).toBe(
      '1,234 rollbacks: a thread found the counter below the value it had just written, 175,424 updates erased in all',
    );
    expect(rollbackSummary({ rollbacks: 1, erased: 3 })).toBe(
      '1 rollback: a thread found the counter below the value it had just written, 3 updates erased in all',
    );
  });

  it('sums the accounting over the traced trials only', () => {
    const result = {
      trials: [
        trial(640, {
          repeatedReads: 600,
          readsAboveFinal: 40,
          rollbacks: { count: 3, erased: 161_600, biggest: [big] },
        }),
        trial(5),
        trial(300, { repeatedReads: 300, readsAboveFinal: 0, rollbacks: { count: 1, erased: 50, biggest: [] } }),
      ],
    };
    const totals = traceTotals(result);
    expect(totals).toEqual({
      trials: 2,
      lostUpdates: 940,
      repeatedReads: 900,
      readsAboveFinal: 40,
      rollbacks: 4,
      erased: 161_650,
    });
    expect(accountingLine(totals ?? { lostUpdates: 0, repeatedReads: 0, readsAboveFinal: 0 })).toBe(
      '940 lost = 900 read again + 40 read at or above the final counter',
    );
    expect(traceTotals({ trials: [trial(5)] })).toBeUndefined();
  });

  it('finds the biggest rollbacks of every trial, and the first trial that kept views', () => {
    const withViews: Trace = {
      repeatedReads: 10,
      readsAboveFinal: 0,
      rollbacks: { count: 1, erased: 10, biggest: [small] },
      views: [{ worker: 0, points: [[0, 0]] }],
    };
    const result = {
      trials: [
        trial(0, { repeatedReads: 0, readsAboveFinal: 0, rollbacks: { count: 0, erased: 0, biggest: [] } }),
        trial(10, withViews),
        trial(161_516, {
          repeatedReads: 161_516,
          readsAboveFinal: 0,
          rollbacks: { count: 1, erased: 161_516, biggest: [big] },
        }),
      ],
    };
    expect(biggestRollbacks(result)).toEqual([
      { rollback: big, trial: 2 },
      { rollback: small, trial: 1 },
    ]);
    expect(biggestRollbacks(result, 1)).toHaveLength(1);
    expect(firstViewedTrial(result)).toEqual({ trial: 1, trace: withViews });
    expect(firstViewedTrial({ trials: [trial(3)] })).toBeUndefined();
  });
});
