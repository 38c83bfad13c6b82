import { describe, expect, it } from 'vitest';
import type { ProgressSnapshot } from '../progress.js';
import type { ExperimentResult } from '../result.js';
import { liveFigures, trialLostWith } from './live-figures.js';

const config = { strategy: 'none', workers: 2, iterations: 1000, trials: 2 } as const;

function sample(trial: number, counter: number, workers: number[]): ProgressSnapshot {
  const completed = workers.reduce((sum, count) => sum + count, 0);
  return {
    runId: 'r1',
    strategy: 'none',
    elapsedMs: 50,
    trial,
    trials: 2,
    counter,
    completed,
    expected: 2000,
    workers,
  };
}

const result = {
  id: 'r1',
  status: 'completed',
  config,
  expected: 2000,
  trials: [
    { actual: 1900, lostUpdates: 100, spawnMs: 0, runMs: 2, opsPerSecond: 1e6, workers: [] },
    {
      actual: 1950,
      lostUpdates: 50,
      spawnMs: 0,
      runMs: 4,
      opsPerSecond: 5e5,
      workers: [
        { index: 0, increments: 1000, runMs: 4 },
        { index: 1, increments: 1000, runMs: 4 },
      ],
    },
  ],
} as unknown as ExperimentResult;

describe('liveFigures', () => {
  it('start at zero with a bar per worker before the first sample', () => {
    const figures = liveFigures({ config, trialLost: [] });
    expect(figures).toEqual({
      counter: 0,
      expected: 2000,
      lostUpdates: 0,
      opsPerSecond: 0,
      elapsedMs: 0,
      trial: 0,
      trials: 2,
      iterations: 1000,
      perWorker: [0, 0],
    });
  });

  it('read the live sample while the run goes', () => {
    const progress = sample(0, 900, [500, 500]);
    const figures = liveFigures({ config, progress, trialLost: trialLostWith([], progress) });
    expect(figures).toMatchObject({ counter: 900, lostUpdates: 100, opsPerSecond: 20_000, elapsedMs: 50 });
    expect(figures.result).toBeUndefined();
  });

  it('read the last trial once the result is in', () => {
    const figures = liveFigures({ config, result, trialLost: [100, 50] });
    expect(figures).toMatchObject({
      counter: 1950,
      expected: 2000,
      lostUpdates: 50,
      opsPerSecond: 5e5,
      elapsedMs: 4,
      trial: 1,
      perWorker: [1000, 1000],
      result,
    });
  });

  it('keep a result that ended before any trial, with the live figures', () => {
    const failed = { ...result, status: 'failed', trials: [] } as unknown as ExperimentResult;
    const progress = sample(0, 10, [5, 5]);
    const figures = liveFigures({ config, progress, result: failed, trialLost: [0] });
    expect(figures).toMatchObject({ counter: 10, result: failed });
  });
});

describe('trialLostWith', () => {
  it('counts updates lost so far, never below zero, and keeps earlier trials', () => {
    let trialLost = trialLostWith([], sample(0, 900, [500, 500]));
    expect(trialLost).toEqual([100]);
    trialLost = trialLostWith(trialLost, sample(1, 600, [250, 300]));
    expect(trialLost).toEqual([100, 0]);
    // A sample of an earlier trial's successor drops what came after it.
    expect(trialLostWith([1, 2, 3], sample(1, 10, [5, 5]))).toEqual([1, 0]);
  });
});
