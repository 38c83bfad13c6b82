import type { ExperimentResult, TrialResult } from '@racelab/schema';
import { describe, expect, it } from 'vitest';
import { compareReport } from './compare-report.js';
import { formatShare, formatWait, workerFairnessLines } from './fairness.js';
import { runReport } from './run-report.js';

const waitMs = (max: number) => ({ p50: 0, p99: 0.0004, max });

function lockResult(shares: number[], strategy: 'mutex' | 'spinlock' | 'none' = 'mutex'): ExperimentResult {
  const workers = shares.map((share, index) => ({
    index,
    increments: 1000,
    runMs: 2,
    ...(strategy === 'none' ? {} : { contended: 3, share, waitMs: waitMs(index + 1) }),
  }));
  const trial: TrialResult = {
    actual: 1000 * shares.length,
    lostUpdates: 0,
    spawnMs: 1,
    runMs: 2,
    opsPerSecond: 1e6,
    workers,
    ...(strategy === 'none'
      ? {}
      : {
          fairness: {
            jainIndex: 0.934,
            leastShare: Math.min(...shares),
            waitMs: waitMs(shares.length),
            timedAcquisitions: 3 * shares.length,
          },
        }),
  };
  return {
    id: 'r',
    status: 'completed',
    config: { strategy, workers: shares.length, iterations: 1000, trials: 1 },
    expected: 1000 * shares.length,
    trials: [trial],
    summary: {
      correct: true,
      lostUpdates: { min: 0, median: 0, max: 0 },
      opsPerSecond: { min: 1e6, median: 1e6, max: 1e6 },
    },
    environment: { node: 'v20', v8: '11', platform: 'linux', arch: 'x64', cpus: 2 },
    startedAt: '2026-11-28T12:00:00.000Z',
    finishedAt: '2026-11-28T12:00:00.100Z',
  };
}

describe('fairness in the reports', () => {
  it('formats shares and waits from microseconds to seconds', () => {
    expect(formatShare(1.0234)).toBe('1.02×');
    expect(formatShare(undefined)).toBe('–');
    expect(formatWait(0.0004)).toBe('0.4 µs');
    expect(formatWait(3.2109)).toBe('3.21 ms');
    expect(formatWait(512.4)).toBe('512 ms');
  });

  it('racelab run: a lock run has fairness and longest wait next to throughput, and a share per worker', () => {
    const report = runReport(lockResult([1.2, 0.8, 1.0]));
    const header = report.split('\n').find((line) => line.includes('throughput')) ?? '';
    expect(header).toMatch(/throughput {2}fairness {2}max wait {2}run time/);
    expect(report).toMatch(/^ +1 .* 0\.93 +3\.00 ms/m);
    expect(report).toContain(
      'Jain index 0.93 · least share 0.80×\nwaits for the lock: p50 0 ms · p99 0.4 µs · max 3.00 ms',
    );
    expect(report).toMatch(/^ {2}w1 +0\.80× +█+░* +2\.00 ms$/m);
    expect(report).toMatch(/^ {2}w0 +1\.20× +█{16} +1\.00 ms$/m);
  });

  it('lists the least-served workers and sums up the rest when there are many', () => {
    const shares = Array.from({ length: 40 }, (_, index) => 0.5 + index / 40);
    const lines = workerFairnessLines(lockResult(shares));
    expect(lines.filter((line) => /^ {2}w\d+ /.test(line)).map((line) => line.trim().split(/ +/)[0])).toEqual([
      'w0',
      'w1',
      'w2',
      'w3',
      'w4',
    ]);
    expect(lines.at(-1)).toBe('  … the 35 others between 0.63× and 1.48×');
  });

  it('the race has no fairness column, and compare shows – for strategies without a lock', () => {
    expect(runReport(lockResult([1, 1], 'none'))).not.toContain('fairness');
    const compare = compareReport([lockResult([1, 1], 'none'), lockResult([1.1, 0.9])]);
    expect(compare).toMatch(/throughput {2}fairness {2}max wait/);
    expect(compare).toMatch(/^none .* – +– /m);
    expect(compare).toMatch(/^mutex .* 0\.93 +2\.00 ms /m);
  });
});
