import type { Run } from '@racelab/api';
import type { ExperimentResult, ProgressSnapshot } from '@racelab/schema';
import { describe, expect, it } from 'vitest';
import { liveFigures, type RunState, withProgress, withResult, workerRows } from './figures.js';

const run: Run = {
  id: 'r1',
  status: 'running',
  config: { strategy: 'none', workers: 2, iterations: 1000, trials: 2 },
  source: 'api',
  verified: true,
  createdAt: '2026-12-03T12:00:00.000Z',
};

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

describe('live figures', () => {
  it('start at zero with a bar per worker before the first sample', () => {
    const figures = liveFigures({ run, trialLost: [] });
    expect(figures).toMatchObject({ counter: 0, expected: 2000, lostUpdates: 0, trial: 0, trials: 2 });
    expect(figures.perWorker).toEqual([0, 0]);
  });

  it('count updates lost so far, never below zero, and keep earlier trials', () => {
    let state: RunState = { run, trialLost: [] };
    state = withProgress(state, sample(0, 900, [500, 500]));
    expect(liveFigures(state).lostUpdates).toBe(100);
    expect(liveFigures(state).opsPerSecond).toBe(20_000);
    state = withProgress(state, sample(1, 600, [250, 300]));
    expect(state.trialLost).toEqual([100, 0]);
  });

  it('read the last trial once the result is in', () => {
    const result = {
      id: 'r1',
      status: 'completed',
      config: run.config,
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
    const state = withResult({ run, trialLost: [] }, result);
    expect(state.run.status).toBe('completed');
    expect(state.trialLost).toEqual([100, 50]);
    expect(liveFigures(state)).toMatchObject({ counter: 1950, lostUpdates: 50, trial: 1, perWorker: [1000, 1000] });
  });
});

describe('worker rows', () => {
  it('give each worker its own row while they fit', () => {
    expect(workerRows([1, 2, 3], 10, 8).map((row) => row.label)).toEqual(['w0', 'w1', 'w2']);
  });

  it('group 256 workers into the rows there are, losing no increment', () => {
    const perWorker = Array.from({ length: 256 }, (_, index) => index);
    const rows = workerRows(perWorker, 100, 32);
    expect(rows).toHaveLength(32);
    expect(rows[0]).toEqual({ label: 'w0–7', first: 0, last: 7, completed: 28, total: 800 });
    expect(rows.reduce((sum, row) => sum + row.completed, 0)).toBe((255 * 256) / 2);
  });
});
