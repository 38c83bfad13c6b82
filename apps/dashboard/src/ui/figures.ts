import { type ExperimentResult, expectedTotal } from '@racelab/schema';
import { type Batch, currentConfig } from '../hooks/use-experiment.js';

/** What the live view shows about the current experiment: telemetry while it runs, its result after. */
export interface LiveFigures {
  counter: number;
  expected: number;
  lostUpdates: number;
  opsPerSecond: number;
  elapsedMs: number;
  /** From 0. */
  trial: number;
  trials: number;
  perWorker: number[];
  /** Present once the current experiment has finished. */
  result?: ExperimentResult;
}

export function liveFigures(batch: Batch): LiveFigures {
  const current = currentConfig(batch);
  const result = batch.results[batch.index];
  const last = result?.trials.at(-1);
  if (result && last) {
    return {
      counter: last.actual,
      expected: result.expected,
      lostUpdates: last.lostUpdates,
      opsPerSecond: last.opsPerSecond,
      elapsedMs: last.runMs,
      trial: result.trials.length - 1,
      trials: result.config.trials,
      perWorker: last.workers.map((worker) => worker.increments),
      result,
    };
  }
  const { progress } = batch;
  const elapsedMs = progress?.elapsedMs ?? 0;
  return {
    counter: progress?.counter ?? 0,
    expected: expectedTotal(current),
    lostUpdates: batch.trialLost[progress?.trial ?? 0] ?? 0,
    opsPerSecond: progress && elapsedMs > 0 ? progress.completed / (elapsedMs / 1000) : 0,
    elapsedMs,
    trial: progress?.trial ?? 0,
    trials: current.trials,
    perWorker: progress?.workers ?? new Array<number>(current.workers).fill(0),
  };
}

/** Lost updates of the trials that have finished; the current trial counts only once it has. */
export function finishedTrialLosses(batch: Batch, figures: LiveFigures): number[] {
  if (figures.result) return figures.result.trials.map((trial) => trial.lostUpdates);
  return batch.trialLost.slice(0, figures.trial);
}
