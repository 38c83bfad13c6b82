import type { RunErrorCode } from '@racelab/schema';
import { afterAll, describe, expect, it } from 'vitest';
import type { FaultPlan } from '../trial/index.js';
import { withFault } from './fault-option.js';
import { ExperimentRunner } from './runner.js';

const runner = new ExperimentRunner();
afterAll(async () => {
  await runner.close();
  expect(runner.threads).toBe(0);
});

type Case = [FaultPlan['kind'], FaultPlan['at'], RunErrorCode, RegExp];

const cases: Case[] = [
  ['throw', 'barrier', 'worker_crashed', /worker 1 threw: injected fault in worker 1 at barrier/],
  ['exit', 'barrier', 'worker_exited', /worker 1 exited with code 70/],
  ['terminate', 'barrier', 'worker_exited', /worker 1 exited with code 1/],
  ['throw', 'holding-lock', 'lock_owner_died', /worker 1 threw: .* while holding the mutex/],
  ['exit', 'holding-lock', 'lock_owner_died', /worker 1 exited with code 70 while holding the mutex/],
  ['terminate', 'holding-lock', 'lock_owner_died', /worker 1 exited with code 1 while holding the mutex/],
  ['terminate', 'parked', 'worker_exited', /worker 1 exited with code 1/],
];

describe('a worker that dies mid-run', () => {
  it.each(cases)('%s at %s: the run fails with %s, then the next run is exact', async (kind, at, code, message) => {
    const workers = 4;
    // A run the dead worker stranded would end with code `timeout` instead.
    const result = await runner.run(
      { strategy: 'mutex', workers, iterations: 2_000_000, trials: 2 },
      withFault({ timeoutMs: 30_000 }, { worker: 1, kind, at }),
    );
    expect(result.status).toBe('failed');
    expect(result.error?.code).toBe(code);
    expect(result.error?.message).toMatch(message);
    expect(result.summary.correct).toBe(false);
    // Nothing is left running: every thread still alive is idle in the pool.
    expect(runner.idleThreads).toBe(runner.threads);
    expect(runner.threads).toBeLessThanOrEqual(workers);

    const next = await runner.run({ strategy: 'mutex', workers, iterations: 50_000 });
    expect(next.status).toBe('completed');
    expect(next.trials[0]?.actual).toBe(workers * 50_000);
    expect(runner.threads).toBe(workers);
  });

  it('a parked worker can only be terminated', async () => {
    await expect(
      runner.run({ workers: 2, iterations: 10 }, withFault({}, { worker: 0, kind: 'throw', at: 'parked' })),
    ).rejects.toThrow(RangeError);
  });
});

describe('a worker that dies holding the spinlock', () => {
  it.each(['throw', 'exit', 'terminate'] as const)(
    '%s: the others, spinning on it, notice the stopped run and go back to the pool',
    async (kind) => {
      const spinners = new ExperimentRunner();
      try {
        const workers = 4;
        const result = await spinners.run(
          { strategy: 'spinlock', workers, iterations: 5_000_000 },
          withFault({}, { worker: 1, kind, at: 'holding-spinlock' }),
        );
        expect(result.status).toBe('failed');
        expect(result.error?.message).toMatch(/worker 1 (threw|exited)/);
        // None of the three spinning workers had to be terminated after the grace period.
        expect(spinners.threads).toBe(workers - 1);
        expect(spinners.idleThreads).toBe(workers - 1);
        const next = await spinners.run({ strategy: 'spinlock', workers, iterations: 10_000 });
        expect(next.trials[0]?.actual).toBe(workers * 10_000);
      } finally {
        await spinners.close();
      }
    },
  );
});
