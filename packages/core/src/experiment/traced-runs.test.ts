/**
 * Traced runs on real threads: the accounting identity holds in every trial of every strategy, and
 * in `none` trials that really lost updates. The arithmetic itself is tested on hand-built logs in
 * analyze-trace.test.ts; here only what must hold whatever the threads did.
 */
import type { ExperimentResult, TrialResult } from '@racelab/schema';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from './errors.js';
import { ExperimentRunner, runExperiment } from './runner.js';

const seed = Number(process.env.FC_SEED ?? 20_261_203);

function expectAccounted(trial: TrialResult): NonNullable<TrialResult['trace']> {
  const trace = trial.trace;
  expect(trace).toBeDefined();
  if (!trace) throw new Error('no trace');
  expect(trace.repeatedReads + trace.readsAboveFinal).toBe(trial.lostUpdates);
  return trace;
}

function expectShape(result: ExperimentResult): void {
  const { workers } = result.config;
  for (const trial of result.trials) {
    const trace = expectAccounted(trial);
    for (const rollback of trace.rollbacks.biggest) {
      expect(rollback.erased).toBe(rollback.from - rollback.to);
      expect(rollback.seenBy).toBeLessThan(workers);
      if (rollback.writer !== undefined) expect(rollback.writer).not.toBe(rollback.seenBy);
    }
    if (trace.pairs) expect(trace.pairs.map((row) => row.length)).toEqual(Array(workers).fill(workers));
    for (const view of trace.views ?? []) expect(view.points.length).toBeLessThanOrEqual(500);
  }
}

describe('traced runs', () => {
  const runner = new ExperimentRunner();
  afterAll(() => runner.close());

  it('account for every lost update in every trial, whatever the strategy and size (60 cases)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          strategy: fc.constantFrom('none', 'mutex', 'spinlock', 'atomic'),
          workers: fc.integer({ min: 1, max: 12 }),
          iterations: fc.integer({ min: 1, max: 20_000 }),
          trials: fc.integer({ min: 1, max: 4 }),
        }),
        async (config) => {
          const result = await runner.run({ ...config, trace: true });
          expect(result.status).toBe('completed');
          expect(result.trials).toHaveLength(config.trials);
          expectShape(result);
          if (config.strategy !== 'none') {
            for (const trial of result.trials) {
              expect(trial.trace).toMatchObject({ repeatedReads: 0, readsAboveFinal: 0, rollbacks: { count: 0 } });
            }
          }
        },
      ),
      { numRuns: 60, seed },
    );
  });

  it('account exactly for 50 `none` trials that each lost at least 1,000 updates', async () => {
    // How often a trial races hard depends on how busy the machine is: run batches until 50 qualify.
    const wanted = 50;
    const maxRuns = 40;
    let qualifying = 0;
    let runs = 0;
    let trials = 0;
    while (qualifying < wanted && runs < maxRuns) {
      runs++;
      const result = await runner.run({ strategy: 'none', workers: 4, iterations: 250_000, trials: 25, trace: true });
      expect(result.status).toBe('completed');
      for (const trial of result.trials) {
        trials++;
        const trace = expectAccounted(trial);
        if (trial.lostUpdates < 1_000) continue;
        qualifying++;
        expect(trace.repeatedReads + trace.readsAboveFinal).toBeGreaterThanOrEqual(1_000);
      }
    }
    expect(qualifying, `${qualifying} of ${trials} traced trials lost ≥ 1,000 updates`).toBeGreaterThanOrEqual(wanted);
  });

  it('one-shot runs honour trace, and lock strategies account 0 and 0', async () => {
    for (const strategy of ['mutex', 'spinlock', 'atomic'] as const) {
      const result = await runExperiment({ strategy, workers: 3, iterations: 5_000, trace: true });
      const trace = expectAccounted(result.trials[0] as TrialResult);
      expect(trace).toMatchObject({ repeatedReads: 0, readsAboveFinal: 0, rollbacks: { count: 0, erased: 0 } });
      // Under a lock every value is read once: nobody collides with anybody, not even with itself.
      expect(trace.pairs?.flat().every((cell) => cell === 0)).toBe(true);
      expect(trace.views?.map((view) => view.points.length)).toEqual([500, 500, 500]);
    }
  });

  it('leaves the trace out of untraced runs', async () => {
    const result = await runner.run({ strategy: 'none', workers: 2, iterations: 1_000 });
    expect(result.trials[0]?.trace).toBeUndefined();
  });

  it('refuses a traced run over the limit with trace_too_large before any thread starts', async () => {
    const error = await runner.run({ trace: true, workers: 17, iterations: 1_000_000 }).catch((caught) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe('trace_too_large');
    expect((error as ConfigError).message).toContain('16,777,216');
  });
});
