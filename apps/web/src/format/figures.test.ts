import type { Run } from '@racelab/api';
import type { ExperimentResult, ProgressSnapshot } from '@racelab/schema';
import { describe, expect, it } from 'vitest';
import { isActive, type RunState, runFigures, withProgress, withResult } from './figures.js';

// The figures themselves are @racelab/schema/format's (tested there); these tests cover how the
// page feeds a followed run's events into them.
const run: Run = {
  id: 'r1',
  status: 'running',
  config: { strategy: 'none', workers: 2, iterations: 1000, trials: 2 },
  source: 'api',
  verified: true,
  createdAt: '2026-12-03T12:00:00.000Z',
};

const progress = (trial: number, counter: number, completed: number): ProgressSnapshot =>
  ({ runId: 'r1', trial, counter, completed, elapsedMs: 50, workers: [completed, 0] }) as unknown as ProgressSnapshot;

describe('a followed run', () => {
  it('reads its settings before the first event', () => {
    expect(runFigures({ run, trialLost: [] })).toMatchObject({
      counter: 0,
      expected: 2000,
      trials: 2,
      perWorker: [0, 0],
    });
  });

  it('counts each trial’s lost updates from its events', () => {
    let state: RunState = { run, trialLost: [] };
    state = withProgress(state, progress(0, 900, 1000));
    expect(runFigures(state)).toMatchObject({ counter: 900, lostUpdates: 100, opsPerSecond: 20_000 });
    state = withProgress(state, progress(1, 600, 550));
    expect(state.trialLost).toEqual([100, 0]);
  });

  it('takes the status, the error and every trial’s losses from its result', () => {
    const error = { code: 'interrupted', message: 'the server stopped' };
    const result = {
      status: 'failed',
      error,
      expected: 2000,
      trials: [{ actual: 1990, lostUpdates: 10, runMs: 1, opsPerSecond: 2e6, workers: [] }],
    } as unknown as ExperimentResult;
    const state = withResult({ run, trialLost: [40] }, result);
    expect(state.run).toMatchObject({ status: 'failed', error, result });
    expect(state.trialLost).toEqual([10]);
    expect(runFigures(state)).toMatchObject({ counter: 1990, lostUpdates: 10, result });
  });

  it('is active while queued or running', () => {
    const statuses = ['queued', 'running', 'completed', 'failed', 'cancelled'] as const;
    expect(statuses.filter((status) => isActive({ status }))).toEqual(['queued', 'running']);
  });
});
