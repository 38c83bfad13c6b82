import { afterAll, describe, expect, it } from 'vitest';
import { withFault } from './fault-option.js';
import { ExperimentRunner } from './runner.js';

const runner = new ExperimentRunner();
afterAll(async () => {
  await runner.close();
  expect(runner.threads).toBe(0);
});

describe('honest timing', () => {
  it.each(['none', 'mutex', 'spinlock', 'atomic'] as const)(
    '%s: every trial and every worker reports a real run time',
    async (strategy) => {
      const result = await runner.run({ strategy, workers: 4, iterations: 200_000, trials: 3 });
      for (const trial of result.trials) {
        expect(trial.runMs).toBeGreaterThan(0);
        expect(trial.opsPerSecond).toBeGreaterThan(0);
        // opsPerSecond is increments over the trial's run time, nothing else.
        expect(trial.opsPerSecond).toBeCloseTo(result.expected / (trial.runMs / 1000), 0);
        for (const worker of trial.workers) {
          expect(worker.runMs).toBeGreaterThan(0);
          expect(worker.runMs).toBeLessThanOrEqual(trial.runMs);
        }
      }
    },
  );
});

describe('where it ran', () => {
  it('names the runtime and its version', async () => {
    const result = await runner.run({ workers: 1, iterations: 1 });
    const deno = (globalThis as { Deno?: { version: { deno: string } } }).Deno;
    expect(result.environment).toMatchObject({
      runtime: deno ? { name: 'deno', version: deno.version.deno } : { name: 'node', version: process.version },
      node: process.version,
      platform: process.platform,
      arch: process.arch,
    });
    if (!deno) expect(result.environment.v8).toBe(process.versions.v8);
    expect(result.environment.cpus).toBeGreaterThanOrEqual(1);
  });
});

describe('a worker that exits after reporting its last results', () => {
  it.each(['exit', 'throw'] as const)('%s: the run completes, exact, and says the worker exited late', async (kind) => {
    const result = await runner.run(
      { strategy: 'mutex', workers: 4, iterations: 20_000, trials: 2 },
      withFault({ timeoutMs: 30_000 }, { worker: 1, kind, at: 'after-done' }),
    );
    expect(result.status).toBe('completed');
    expect(result.error).toBeUndefined();
    expect(result.trials.map((trial) => trial.actual)).toEqual([80_000, 80_000]);
    expect(result.summary.correct).toBe(true);
    const how = kind === 'exit' ? 'exited with code 70' : 'threw: injected fault in worker 1 at after-done';
    expect(result.warnings).toEqual([
      { code: 'worker_exited_late', message: `worker 1 ${how} after reporting its results` },
    ]);
    expect(runner.idleThreads).toBe(runner.threads);
    const next = await runner.run({ strategy: 'mutex', workers: 4, iterations: 10_000 });
    expect(next.trials[0]?.actual).toBe(40_000);
    expect(next.warnings).toBeUndefined();
  });
});

describe('a run does not tie itself to the runner for life', () => {
  /** Node keeps, on a signal, the set of signals `AbortSignal.any` derived from it (nodejs/node#55351). */
  function dependants(signal: AbortSignal): number | undefined {
    const key = Object.getOwnPropertySymbols(signal).find((symbol) => symbol.description === 'kDependantSignals');
    return key === undefined ? undefined : (signal as unknown as Record<symbol, Set<unknown>>)[key]?.size;
  }

  it('a long-lived signal passed to many runs gathers nothing', async () => {
    const session = new AbortController();
    for (let run = 0; run < 20; run++) {
      await runner.run({ strategy: 'atomic', workers: 1, iterations: 1 }, { signal: session.signal });
    }
    expect(dependants(session.signal) ?? 0).toBe(0);
  });

  it('close() still aborts a running run that has its own signal', async () => {
    const closing = new ExperimentRunner();
    const { signal } = new AbortController();
    let started!: () => void;
    const running = new Promise<void>((resolve) => {
      started = resolve;
    });
    const run = closing.run(
      { strategy: 'mutex', workers: 2, iterations: 100_000_000 },
      { signal, onProgress: () => started(), progressIntervalMs: 10 },
    );
    const outcome = run.catch((error: unknown) => error);
    await running;
    await closing.close();
    expect(await outcome).toMatchObject({
      name: 'AbortError',
      result: { status: 'cancelled', error: { message: 'the run was cancelled: the experiment runner is closed' } },
    });
    expect(closing.threads).toBe(0);
  });
});

describe('options are checked before any thread starts', () => {
  const bad: [string, object, RegExp][] = [
    ['timeoutMs NaN', { timeoutMs: Number.NaN }, /^timeoutMs must be a number of milliseconds > 0 .*got NaN/],
    ['timeoutMs negative', { timeoutMs: -1 }, /^timeoutMs must be .* got -1/],
    ['timeoutMs zero', { timeoutMs: 0 }, /^timeoutMs must be .* got 0/],
    ['timeoutMs a string', { timeoutMs: '100' }, /^timeoutMs must be .* got "100"/],
    ['progressIntervalMs NaN', { progressIntervalMs: Number.NaN }, /^progressIntervalMs must be .* ≥ 0 .*got NaN/],
    ['progressIntervalMs negative', { progressIntervalMs: -10 }, /^progressIntervalMs must be .* got -10/],
    ['progressIntervalMs null', { progressIntervalMs: null }, /^progressIntervalMs must be .* got null/],
  ];

  it.each(bad)('%s: RangeError naming the option', async (_, options, message) => {
    const fresh = new ExperimentRunner();
    try {
      const error = await fresh
        .run({ workers: 2, iterations: 10 }, options as never)
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(RangeError);
      expect((error as RangeError).message).toMatch(message);
      expect(fresh.threads).toBe(0);
    } finally {
      await fresh.close();
    }
  });

  it.each([-1, 1.5, Number.NaN, '4'])('maxIdleWorkers %s: RangeError naming the option', (maxIdleWorkers) => {
    expect(() => new ExperimentRunner({ maxIdleWorkers } as never)).toThrow(
      /^maxIdleWorkers must be an integer ≥ 0, got/,
    );
    expect(() => new ExperimentRunner({ maxIdleWorkers } as never)).toThrow(RangeError);
  });

  it('Infinity and 0 are in range where documented', async () => {
    const result = await runner.run(
      { workers: 1, iterations: 1 },
      { timeoutMs: Number.POSITIVE_INFINITY, progressIntervalMs: 0, onProgress: () => {} },
    );
    expect(result.status).toBe('completed');
  });
});
