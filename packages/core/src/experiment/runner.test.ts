import { availableParallelism, cpus } from 'node:os';
import { ExperimentResultSchema, type ProgressSnapshot } from '@racelab/schema';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, RunAbortedError, RunnerClosedError } from './errors.js';
import { ExperimentRunner, runExperiment } from './runner.js';

const runner = new ExperimentRunner();
afterAll(async () => {
  await runner.close();
  expect(runner.threads).toBe(0);
});

const multiCore = availableParallelism() >= 2;

describe('synchronised strategies are exact', () => {
  describe.each(['mutex', 'spinlock', 'atomic'] as const)('%s', (strategy) => {
    it.each([1, 2, 10, 32])('%i workers', async (workers) => {
      const iterations = strategy === 'spinlock' && workers > 2 ? 2_000 : 20_000;
      const result = await runner.run({ strategy, workers, iterations, trials: 2 });
      expect(result.status).toBe('completed');
      expect(result.expected).toBe(workers * iterations);
      for (const trial of result.trials) {
        expect(trial.actual).toBe(workers * iterations);
        expect(trial.lostUpdates).toBe(0);
        expect(trial.workers).toHaveLength(workers);
        expect(trial.workers.every((worker) => worker.increments === iterations)).toBe(true);
      }
      expect(result.summary.correct).toBe(true);
    });
  });
});

describe('the race (`none`)', () => {
  it('never counts more than expected', async () => {
    const result = await runner.run({ strategy: 'none', workers: 4, iterations: 200_000, trials: 5 });
    for (const trial of result.trials) {
      expect(trial.actual).toBeLessThanOrEqual(result.expected);
      expect(trial.lostUpdates).toBe(result.expected - trial.actual);
      // Every worker did all its increments: the losses are the race's, not missing work.
      expect(trial.workers.map((worker) => worker.increments)).toEqual([200_000, 200_000, 200_000, 200_000]);
    }
  });

  it.skipIf(!multiCore)('loses updates on a machine with 2 or more cores', async () => {
    // Each trial is 10 × 1,000,000 increments; one trial losing anything is enough, and on two
    // cores every trial measured here lost millions. Up to 5 trials keep a lucky schedule harmless.
    let lost = 0;
    for (let attempt = 0; attempt < 5 && lost === 0; attempt++) {
      const result = await runner.run({ strategy: 'none', workers: 10, iterations: 1_000_000 });
      lost = result.trials[0]?.lostUpdates ?? 0;
      expect(result.summary.correct).toBe(lost === 0);
    }
    expect(lost).toBeGreaterThan(0);
  });
});

describe('runExperiment (one-shot)', () => {
  it('runs the seed experiment exactly and returns a valid result', async () => {
    const result = await runExperiment({ strategy: 'mutex' });
    expect(ExperimentResultSchema.parse(result)).toEqual(result);
    expect(result.config).toEqual({ strategy: 'mutex', workers: 10, iterations: 100_000, trials: 1 });
    expect(result.expected).toBe(1_000_000);
    expect(result.trials[0]?.actual).toBe(1_000_000);
    expect(result.summary).toMatchObject({ correct: true, lostUpdates: { min: 0, median: 0, max: 0 } });
    expect(result.trials[0]?.spawnMs).toBeGreaterThan(0);
    expect(result.trials[0]?.opsPerSecond).toBeGreaterThan(0);
    expect(result.environment.node).toBe(process.version);
    const cpuModel = cpus()[0]?.model.trim();
    if (cpuModel) expect(result.environment.cpuModel).toBe(cpuModel);
    else expect(result.environment).not.toHaveProperty('cpuModel');
    expect(Date.parse(result.finishedAt)).toBeGreaterThanOrEqual(Date.parse(result.startedAt));
  });

  it('rejects a bad config with a ConfigError naming the field and range', async () => {
    const error = await runExperiment({ workers: 0 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain('workers: must be an integer from 1 to 256');
    expect((error as ConfigError).issues).toEqual([{ field: 'workers', message: 'must be an integer from 1 to 256' }]);
    await expect(runExperiment({ strategy: 'mutex', colour: 'red' } as never)).rejects.toThrow(
      /colour: is not a known field/,
    );
  });
});

describe('the warm runner', () => {
  it('reuses its threads: a rerun pays no spawn time', async () => {
    const fresh = new ExperimentRunner();
    try {
      const cold = await fresh.run({ strategy: 'atomic', workers: 8, iterations: 1_000 });
      expect(fresh.threads).toBe(8);
      const warm = await fresh.run({ strategy: 'mutex', workers: 8, iterations: 1_000 });
      expect(fresh.threads).toBe(8);
      const coldSpawn = cold.trials[0]?.spawnMs ?? 0;
      const warmSpawn = warm.trials[0]?.spawnMs ?? Number.POSITIVE_INFINITY;
      expect(warmSpawn).toBeLessThan(coldSpawn);
      expect(warm.trials[0]?.actual).toBe(8_000);
      await fresh.run({ strategy: 'atomic', workers: 3, iterations: 10 });
      expect(fresh.threads).toBe(8);
    } finally {
      await fresh.close();
    }
    expect(fresh.threads).toBe(0);
  });

  it('runs queued runs one at a time, in call order', async () => {
    const order: string[] = [];
    const runs = ['none', 'mutex', 'atomic'].map((strategy) =>
      runner.run({ strategy: strategy as 'none', workers: 2, iterations: 10_000 }).then((result) => {
        order.push(result.config.strategy);
        return result;
      }),
    );
    const results = await Promise.all(runs);
    expect(order).toEqual(['none', 'mutex', 'atomic']);
    for (let index = 1; index < results.length; index++) {
      expect(Date.parse(results[index]!.startedAt)).toBeGreaterThanOrEqual(Date.parse(results[index - 1]!.finishedAt));
    }
  });

  it('reports live progress sampled from shared memory, ending at the final count', async () => {
    const snapshots: ProgressSnapshot[] = [];
    const result = await runner.run(
      { strategy: 'mutex', workers: 4, iterations: 500_000, trials: 2 },
      { onProgress: (snapshot) => snapshots.push(snapshot), progressIntervalMs: 10, id: 'progress-run' },
    );
    expect(snapshots.length).toBeGreaterThanOrEqual(2);
    // Bounded: at most one sample per interval plus one final sample per trial.
    const runMs = result.trials.reduce((sum, trial) => sum + trial.runMs, 0);
    expect(snapshots.length).toBeLessThanOrEqual(runMs / 10 + 2 * 2 + 2);
    for (const snapshot of snapshots) {
      expect(snapshot.runId).toBe('progress-run');
      expect(snapshot.workers).toHaveLength(4);
      expect(snapshot.counter).toBeLessThanOrEqual(snapshot.expected);
      expect(snapshot.completed).toBe(snapshot.workers.reduce((sum, count) => sum + count, 0));
    }
    const finals = snapshots.filter((snapshot) => snapshot.completed === snapshot.expected);
    expect(finals.map((snapshot) => snapshot.trial)).toEqual(expect.arrayContaining([0, 1]));
    expect(finals.every((snapshot) => snapshot.counter === 2_000_000)).toBe(true);
  });

  it('a progress interval too long for a timer samples only at the end, not every millisecond', async () => {
    const snapshots: ProgressSnapshot[] = [];
    await runner.run(
      { strategy: 'mutex', workers: 2, iterations: 2_000_000 },
      { onProgress: (snapshot) => snapshots.push(snapshot), progressIntervalMs: Number.POSITIVE_INFINITY },
    );
    expect(snapshots).toHaveLength(1);
    expect(snapshots[0]?.completed).toBe(4_000_000);
  });

  it('an abort mid-run stops every worker and rejects with an AbortError carrying the cancelled run', async () => {
    const controller = new AbortController();
    const run = runner.run(
      { strategy: 'spinlock', workers: 16, iterations: 50_000_000 },
      { signal: controller.signal, onProgress: () => controller.abort(new Error('user pressed q')) },
    );
    const error = await run.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RunAbortedError);
    expect((error as RunAbortedError).name).toBe('AbortError');
    const { result } = error as RunAbortedError;
    expect(result.status).toBe('cancelled');
    expect(result.error).toEqual({ code: 'cancelled', message: 'the run was cancelled: user pressed q' });
    expect(result.summary.correct).toBe(false);
    // It stopped inside its first trial (which alone would take minutes), not after it.
    expect(result.trials).toEqual([]);
    // Threads that could not stop in time were terminated; the rest idle, warm. None is busy.
    expect(runner.idleThreads).toBe(runner.threads);
    const next = await runner.run({ strategy: 'mutex', workers: 16, iterations: 1_000 });
    expect(next.trials[0]?.actual).toBe(16_000);
  });

  it('a queued run whose signal aborts rejects at once, not when the run ahead of it ends', async () => {
    const ahead = runner.run({ strategy: 'mutex', workers: 2, iterations: 100_000_000 }, { timeoutMs: 2_000 });
    const controller = new AbortController();
    const queued = runner.run({ strategy: 'atomic', workers: 2, iterations: 10 }, { signal: controller.signal });
    controller.abort(new Error('changed my mind'));
    const first = await Promise.race([
      queued.then(
        () => 'queued resolved',
        (error: unknown) => `queued rejected: ${(error as Error).message}`,
      ),
      ahead.then(() => 'the run ahead ended first'),
    ]);
    expect(first).toBe('queued rejected: the run was cancelled: changed my mind');
    const error = (await queued.catch((caught: unknown) => caught)) as RunAbortedError;
    expect(error).toBeInstanceOf(RunAbortedError);
    expect(error.name).toBe('AbortError');
    expect(error.result).toMatchObject({ status: 'cancelled', trials: [], error: { code: 'cancelled' } });
    expect((await ahead).error?.code).toBe('timeout');
  });

  it('calls onStart when a run leaves the queue, in order, and never for one cancelled while queued', async () => {
    const events: string[] = [];
    const track = (name: string) => ({
      onStart: () => events.push(`${name} started`),
    });
    const controller = new AbortController();
    const first = runner.run({ strategy: 'atomic', workers: 2, iterations: 1_000 }, track('first')).then(() => {
      events.push('first ended');
    });
    const cancelled = runner.run(
      { strategy: 'atomic', workers: 2, iterations: 10 },
      { ...track('cancelled'), signal: controller.signal },
    );
    const last = runner.run({ strategy: 'atomic', workers: 2, iterations: 10 }, track('last'));
    controller.abort();
    await expect(cancelled).rejects.toBeInstanceOf(RunAbortedError);
    await Promise.all([first, last]);
    expect(events).toEqual(['first started', 'first ended', 'last started']);
  });

  it('rejects an empty run id up front, before any thread starts, not with a schema error at the end', async () => {
    const fresh = new ExperimentRunner();
    try {
      await expect(fresh.run({ workers: 2, iterations: 10 }, { id: '' })).rejects.toThrow(TypeError);
      expect(fresh.threads).toBe(0);
    } finally {
      await fresh.close();
    }
  });

  it('rejects a run whose signal is already aborted without starting threads', async () => {
    const before = runner.threads;
    await expect(runner.run({}, { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
    // Whatever the signal's reason, the rejection is the same RunAbortedError as an abort mid-run.
    const error = await runner
      .run({}, { signal: AbortSignal.abort(new Error('not now')) })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RunAbortedError);
    expect((error as RunAbortedError).result).toMatchObject({
      status: 'cancelled',
      trials: [],
      error: { code: 'cancelled', message: 'the run was cancelled: not now' },
    });
    expect(runner.threads).toBe(before);
  });

  it('a run past its time limit ends failed with code timeout', async () => {
    const result = await runner.run({ strategy: 'mutex', workers: 4, iterations: 100_000_000 }, { timeoutMs: 200 });
    expect(result.status).toBe('failed');
    expect(result.error?.code).toBe('timeout');
    expect(result.trials).toEqual([]);
    expect(result.summary).toEqual({ correct: false, lostUpdates: null, opsPerSecond: null });
  });

  it('a time limit too long for a timer (Infinity, 2^31 ms and up) is no limit, not an instant timeout', async () => {
    for (const timeoutMs of [Number.POSITIVE_INFINITY, 2 ** 31]) {
      const result = await runner.run({ strategy: 'mutex', workers: 2, iterations: 2_000_000 }, { timeoutMs });
      expect(result.error).toBeUndefined();
      expect(result.status).toBe('completed');
    }
  });

  it('an async onProgress that rejects fails the run instead of leaving an unhandled rejection', async () => {
    const result = await runner.run(
      { strategy: 'atomic', workers: 2, iterations: 1_000 },
      {
        onProgress: async () => {
          throw new Error('async boom');
        },
      },
    );
    expect(result.status).toBe('failed');
    expect(result.error).toEqual({ code: 'internal', message: 'onProgress threw: async boom' });
  });

  it('close() cancels what runs and refuses new runs', async () => {
    const closing = new ExperimentRunner();
    let started!: () => void;
    const progressing = new Promise<void>((resolve) => {
      started = resolve;
    });
    const running = closing.run(
      { strategy: 'mutex', workers: 4, iterations: 100_000_000 },
      { onProgress: () => started(), progressIntervalMs: 10 },
    );
    const queued = closing.run({ strategy: 'atomic', workers: 2, iterations: 10 });
    await progressing;
    await closing.close();
    await expect(running).rejects.toMatchObject({ name: 'AbortError' });
    await expect(queued).rejects.toBeInstanceOf(RunnerClosedError);
    await expect(closing.run()).rejects.toBeInstanceOf(RunnerClosedError);
    expect(closing.threads).toBe(0);
  });
});
