import { describe, expect, it } from 'vitest';
import { ExperimentRunner } from '../experiment/index.js';
import { jainIndex, sharesOf, waitSummary, withFairness } from './fairness.js';
import { mergeWaits, newWaitHistogram, recordWait, timedWaits, waitQuantileNs } from './fairness-histogram.js';
import type { LoopStats } from './increment-loops.js';

describe("Jain's index and shares", () => {
  it('is 1 for equal shares and 1/n when one worker has everything', () => {
    expect(jainIndex([3, 3, 3])).toBe(1);
    expect(jainIndex([1, 0, 0, 0])).toBe(0.25);
    expect(jainIndex([2, 1])).toBeCloseTo(0.9, 10);
    expect(jainIndex([0, 0])).toBe(1);
  });

  it('shares are relative to the mean', () => {
    expect(sharesOf([2, 1, 3])).toEqual([1, 0.5, 1.5]);
    expect(sharesOf([0, 0])).toEqual([1, 1]);
  });
});

describe('wait histograms', () => {
  it('count waits that did not happen as 0, and place the others within ±5 %', () => {
    const waits = newWaitHistogram();
    waits.immediate = 90;
    for (let index = 0; index < 9; index++) recordWait(waits, 1_000);
    recordWait(waits, 5_000_000);
    expect(timedWaits(waits)).toBe(10);
    expect(waitQuantileNs(waits, 0.5)).toBe(0);
    expect(waitQuantileNs(waits, 0.9)).toBe(0);
    expect(waitQuantileNs(waits, 0.95)).toBeGreaterThan(950);
    expect(waitQuantileNs(waits, 0.95)).toBeLessThan(1_050);
    expect(waitQuantileNs(waits, 1)).toBe(5_000_000);
    expect(waitSummary(waits)).toEqual({ p50: 0, p99: waitQuantileNs(waits, 0.99) / 1e6, max: 5 });
    expect(waitQuantileNs(newWaitHistogram(), 0.99)).toBe(0);
  });

  it('add up across threads', () => {
    const first = newWaitHistogram();
    const second = newWaitHistogram();
    first.immediate = 5;
    recordWait(first, 10);
    recordWait(second, 100);
    recordWait(second, 0.2);
    const merged = mergeWaits([first, second]);
    expect(merged.immediate).toBe(5);
    expect(timedWaits(merged)).toBe(3);
    expect(merged.maxNs).toBe(100);
  });
});

describe('withFairness', () => {
  const trial = {
    actual: 200,
    lostUpdates: 0,
    spawnMs: 1,
    runMs: 20,
    opsPerSecond: 10_000,
    workers: [
      { index: 0, increments: 100, runMs: 10 },
      { index: 1, increments: 100, runMs: 20 },
    ],
  };
  const worker = (activeMs: number, wait: number): LoopStats => {
    const waitTimes = newWaitHistogram();
    waitTimes.immediate = 99;
    recordWait(waitTimes, wait * 1e6);
    return { completed: 100, contended: 1, waits: 0, spins: 0, activeMs, waitTimes };
  };

  it('leaves trials of other strategies as they are', () => {
    expect(withFairness('atomic', [worker(10, 1), worker(20, 2)], trial)).toBe(trial);
  });

  it('gives each worker its share and waits, and the trial its index', () => {
    const result = withFairness('mutex', [worker(10, 1), worker(20, 2)], trial);
    expect(result.workers.map((entry) => entry.share)).toEqual([4 / 3, 2 / 3]);
    expect(result.workers[1]?.waitMs?.max).toBe(2);
    expect(result.fairness?.jainIndex).toBeCloseTo(0.9, 10);
    expect(result.fairness?.leastShare).toBeCloseTo(2 / 3, 10);
    expect(result.fairness?.timedAcquisitions).toBe(2);
    expect(result.fairness?.waitMs.max).toBe(2);
    expect(result.fairness?.waitMs.p50).toBe(0);
  });
});

describe('a run of a lock strategy reports its fairness', () => {
  it.each(['mutex', 'spinlock'] as const)(
    '%s: shares, Jain index and waits, consistent with each other',
    async (strategy) => {
      const runner = new ExperimentRunner();
      try {
        const workers = 4;
        const result = await runner.run({ strategy, workers, iterations: 200_000 });
        const trial = result.trials[0];
        const fairness = trial?.fairness;
        if (!trial || !fairness) throw new Error(`no fairness in a ${strategy} trial`);
        const shares = trial.workers.map((entry) => entry.share ?? Number.NaN);
        expect(shares.reduce((sum, share) => sum + share, 0)).toBeCloseTo(workers, 6);
        expect(fairness.leastShare).toBe(Math.min(...shares));
        expect(fairness.jainIndex).toBeCloseTo(jainIndex(shares), 10);
        expect(fairness.jainIndex).toBeGreaterThanOrEqual(1 / workers);
        const longest = Math.max(...trial.workers.map((entry) => entry.waitMs?.max ?? Number.NaN));
        expect(fairness.waitMs.max).toBe(longest);
        expect(fairness.waitMs.p50).toBeLessThanOrEqual(fairness.waitMs.p99);
        expect(fairness.waitMs.p99).toBeLessThanOrEqual(fairness.waitMs.max);
        const contended = trial.workers.reduce((sum, entry) => sum + (entry.contended ?? 0), 0);
        expect(fairness.timedAcquisitions).toBe(contended);
        const atomic = await runner.run({ strategy: 'atomic', workers, iterations: 1_000 });
        expect(atomic.trials[0]?.fairness).toBeUndefined();
      } finally {
        await runner.close();
      }
    },
  );
});
