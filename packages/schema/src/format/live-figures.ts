import { expectedTotal } from '../bounds.js';
import type { ExperimentConfig } from '../config.js';
import type { ProgressSnapshot } from '../progress.js';
import type { ExperimentResult } from '../result.js';

/** What a run looks like at this moment, for a front end to draw. */
export interface LiveFiguresInput {
  config: Pick<ExperimentConfig, 'workers' | 'iterations' | 'trials'>;
  /** The latest live sample, while the run goes. */
  progress?: ProgressSnapshot | undefined;
  /** The result, once the run has ended. */
  result?: ExperimentResult | undefined;
  /** Lost updates per trial as far as known: live for the trial at hand, final for those that ended. */
  trialLost: readonly number[];
}

/** What a live view shows: telemetry while the run goes, its last trial once it has ended. */
export interface LiveFigures {
  counter: number;
  expected: number;
  lostUpdates: number;
  opsPerSecond: number;
  elapsedMs: number;
  /** From 0. */
  trial: number;
  trials: number;
  iterations: number;
  /** Increments each worker has completed. */
  perWorker: number[];
  /** Present once the run has ended. */
  result?: ExperimentResult;
}

export function liveFigures({ config, progress, result, trialLost }: LiveFiguresInput): LiveFigures {
  const last = result?.trials.at(-1);
  if (result && last) {
    return {
      counter: last.actual,
      expected: result.expected,
      lostUpdates: last.lostUpdates,
      opsPerSecond: last.opsPerSecond,
      elapsedMs: last.runMs,
      trial: result.trials.length - 1,
      trials: config.trials,
      iterations: config.iterations,
      perWorker: last.workers.map((worker) => worker.increments),
      result,
    };
  }
  const elapsedMs = progress?.elapsedMs ?? 0;
  return {
    counter: progress?.counter ?? 0,
    expected: expectedTotal(config),
    lostUpdates: trialLost[progress?.trial ?? 0] ?? 0,
    opsPerSecond: progress && elapsedMs > 0 ? progress.completed / (elapsedMs / 1000) : 0,
    elapsedMs,
    trial: progress?.trial ?? 0,
    trials: config.trials,
    iterations: config.iterations,
    perWorker: progress?.workers ?? new Array<number>(config.workers).fill(0),
    ...(result ? { result } : {}),
  };
}

/**
 * The lost updates of a new sample's trial so far, earlier trials kept as they ended. Per-worker
 * counts are published once per chunk while the counter moves on every increment, so mid-trial
 * the counter can run ahead of `completed`: that is no lost update, hence the floor at 0.
 */
export function trialLostWith(trialLost: readonly number[], progress: ProgressSnapshot): number[] {
  const next = trialLost.slice(0, progress.trial);
  next[progress.trial] = Math.max(0, progress.completed - progress.counter);
  return next;
}
