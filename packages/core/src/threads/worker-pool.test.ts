import { afterAll, describe, expect, it, vi } from 'vitest';

/** Lets a test make the next `new Worker` throw, as Node does when it cannot start a thread. */
const spawning = vi.hoisted(() => ({ failAfter: Number.POSITIVE_INFINITY }));

vi.mock('node:worker_threads', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:worker_threads')>();
  class FailingWorker extends real.Worker {
    constructor(...args: ConstructorParameters<typeof real.Worker>) {
      if (spawning.failAfter-- <= 0) throw new Error('ERR_WORKER_INIT_FAILED: simulated');
      super(...args);
    }
  }
  return { ...real, Worker: FailingWorker };
});

const { ExperimentRunner } = await import('../experiment/index.js');

const runner = new ExperimentRunner();
afterAll(async () => {
  await runner.close();
  expect(runner.threads).toBe(0);
});

describe('a worker that cannot be spawned', () => {
  it('fails the run without stranding the workers taken or started before it', async () => {
    await runner.warm(2);
    expect(runner.idleThreads).toBe(2);
    spawning.failAfter = 2;
    await expect(runner.run({ strategy: 'atomic', workers: 6, iterations: 10 })).rejects.toThrow(/simulated/);
    spawning.failAfter = Number.POSITIVE_INFINITY;
    // Every thread still alive is idle and can serve the next run.
    expect(runner.idleThreads).toBe(runner.threads);
    expect(runner.threads).toBe(4);
    const next = await runner.run({ strategy: 'atomic', workers: 4, iterations: 10 });
    expect(next.trials[0]?.actual).toBe(40);
    expect(runner.threads).toBe(4);
  });
});
