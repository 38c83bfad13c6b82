/** Builds the `ExperimentResult` of a run from what its workers left in shared memory. */
import {
  type Environment,
  type ExperimentConfig,
  type ExperimentResult,
  ExperimentResultSchema,
  expectedTotal,
  type RunError,
  type RunWarning,
  type TrialResult,
} from '@racelab/schema';
import type { LoopStats } from '../trial/index.js';
import { COUNTER, finishedAtSlot, type RunLayout, startedAtSlot, withFairness } from '../trial/index.js';
import { RunAbortedError } from './errors.js';
import { cancelledBy, type RunFailure } from './run-failure.js';
import { summarize } from './statistics.js';

export interface RunRecord {
  id: string;
  config: ExperimentConfig;
  trials: TrialResult[];
  startedAt: Date;
  environment: Environment;
  failure?: RunFailure | undefined;
  warnings?: RunWarning[];
}

/** The result of a run, validated against the schema. */
export function resultOf(run: RunRecord): ExperimentResult {
  const { failure, warnings = [] } = run;
  return ExperimentResultSchema.parse({
    id: run.id,
    status: failure === undefined ? 'completed' : failure.code === 'cancelled' ? 'cancelled' : 'failed',
    config: run.config,
    expected: expectedTotal(run.config),
    trials: run.trials,
    summary: summarize(run.trials, run.config.trials),
    environment: run.environment,
    startedAt: run.startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    ...(failure ? { error: { code: failure.code, message: failure.message } satisfies RunError } : {}),
    ...(warnings.length > 0 ? { warnings } : {}),
  });
}

/**
 * A run aborted before any worker started (already aborted, or while it waited in the queue):
 * the same `RunAbortedError` an abort mid-run gives, carrying a cancelled result with no trials.
 */
export function abortedBeforeStart(
  config: ExperimentConfig,
  reason: unknown,
  environment: Environment,
  id?: string,
): RunAbortedError {
  const failure = cancelledBy(reason);
  const result = resultOf({
    id: id || crypto.randomUUID(),
    config,
    trials: [],
    startedAt: new Date(),
    environment,
    failure,
  });
  return new RunAbortedError(result, { cause: reason });
}

/**
 * One trial's figures. A worker's time runs from the barrier opening (`openedAt`) to the end of its
 * loop, both on the shared clock; its own loop time, measured on its own thread, is a floor that
 * holds even if the clocks of two threads disagreed.
 */
export function trialResult(
  config: ExperimentConfig,
  layout: RunLayout,
  stats: LoopStats[],
  spawnMs: number,
  openedAt: number,
): TrialResult {
  const expected = expectedTotal(config);
  const actual = Atomics.load(layout.ints, COUNTER);
  const workers = stats.map((worker, index) => {
    const finishedAt = layout.times[finishedAtSlot(index)] as number;
    const startedAt = layout.times[startedAtSlot(index)] as number;
    return {
      index,
      increments: worker.completed,
      runMs: Math.max(finishedAt - openedAt, finishedAt - startedAt, 0),
      ...(config.strategy === 'mutex' || config.strategy === 'spinlock' ? { contended: worker.contended } : {}),
      ...(config.strategy === 'mutex' ? { waits: worker.waits } : {}),
      ...(config.strategy === 'spinlock' ? { spins: worker.spins } : {}),
    };
  });
  const runMs = Math.max(...workers.map((worker) => worker.runMs));
  const increments = stats.reduce((sum, worker) => sum + worker.completed, 0);
  return withFairness(config.strategy, stats, {
    actual,
    lostUpdates: expected - actual,
    spawnMs,
    runMs,
    opsPerSecond: runMs > 0 ? increments / (runMs / 1000) : 0,
    workers,
  });
}
