import { type ExperimentResult, rollbackStory, type Trace } from '@racelab/schema';
import { describe, expect, it } from 'vitest';
import { traceLines } from './trace-report.js';

function resultWith(traces: Trace[], lost: number[]): ExperimentResult {
  return {
    id: 'r',
    status: 'completed',
    config: { strategy: 'none', workers: 10, iterations: 100_000, trials: traces.length, trace: true },
    expected: 1_000_000,
    trials: traces.map((trace, index) => ({
      actual: 1_000_000 - (lost[index] ?? 0),
      lostUpdates: lost[index] ?? 0,
      spawnMs: 1,
      runMs: 1,
      opsPerSecond: 1,
      workers: [],
      trace,
    })),
    summary: { correct: false, lostUpdates: null, opsPerSecond: null },
    environment: { platform: 'linux', cpus: 2 },
    startedAt: '2026-12-03T12:00:00.000Z',
    finishedAt: '2026-12-03T12:00:01.000Z',
  };
}

const big = { seenBy: 6, iteration: 60_614, from: 421_020, to: 259_504, erased: 161_516, writer: 1 };

describe('trace report', () => {
  it('tells a rollback as a story', () => {
    expect(rollbackStory(big)).toBe(
      'w6 read 421,019 and wrote 421,020; w1, paused since it read 259,503, then wrote 259,504: 161,516 updates erased at once',
    );
    const { writer: _unknown, ...anonymous } = big;
    expect(rollbackStory({ ...anonymous, from: 11, to: 10, erased: 1 })).toBe(
      'w6 read 10 and wrote 11; another thread, paused since it read 9, then wrote 10: 1 update erased',
    );
  });

  it('sums the accounting over the trials and tells the three biggest rollbacks, naming their trial', () => {
    const small = { seenBy: 0, iteration: 5, from: 100, to: 90, erased: 10 };
    const traces: Trace[] = [
      { repeatedReads: 600, readsAboveFinal: 40, rollbacks: { count: 3, erased: 161_600, biggest: [big, small] } },
      {
        repeatedReads: 300,
        readsAboveFinal: 0,
        rollbacks: { count: 1, erased: 50, biggest: [{ ...small, erased: 50, to: 50 }] },
      },
    ];
    const lines = traceLines(resultWith(traces, [640, 300]));
    expect(lines).toEqual([
      'trace over 2 trials',
      '  940 lost updates = 900 values read again + 40 reads at or above the final counter',
      '    read again: two threads read the same value, or one read it again after a rollback',
      '    at or above the final counter: work a late write erased and nobody redid',
      '    trial 1: 640 = 600 + 40 · 3 rollbacks',
      '    trial 2: 300 = 300 + 0 · 1 rollback',
      '  4 rollbacks: a thread found the counter below the value it had just written, 161,650 updates erased in all',
      '  the biggest:',
      `    trial 1: ${rollbackStory(big)}`,
      '    trial 2: w0 read 99 and wrote 100; another thread, paused since it read 49, then wrote 50: 50 updates erased at once',
      '    trial 1: w0 read 99 and wrote 100; another thread, paused since it read 89, then wrote 90: 10 updates erased at once',
    ]);
  });

  it('says nothing for an untraced run', () => {
    const untraced = resultWith([], []);
    expect(traceLines(untraced)).toEqual([]);
  });
});

describe('trace report without rollbacks', () => {
  it('says a lock never went backwards, and a race only that nobody saw it go back', () => {
    const none = { repeatedReads: 0, readsAboveFinal: 0, rollbacks: { count: 0, erased: 0, biggest: [] } };
    expect(traceLines(resultWith([none], [0])).at(-1)).toBe('  the counter never went backwards');
    const unseen = { ...none, repeatedReads: 100_000 };
    expect(traceLines(resultWith([unseen], [100_000])).at(-1)).toBe(
      '  no thread read a value below one it had just written',
    );
  });
});
