import type { Stats, Summary, TrialResult } from '@racelab/schema';

export function median(sorted: readonly number[]): number {
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? Number.NaN;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? Number.NaN) + upper) / 2;
}

export function stats(values: readonly number[]): Stats | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return { min: sorted[0] as number, median: median(sorted), max: sorted[sorted.length - 1] as number };
}

/** `correct` needs every requested trial to have finished exactly. */
export function summarize(trials: readonly TrialResult[], requestedTrials: number): Summary {
  return {
    correct: trials.length === requestedTrials && trials.every((trial) => trial.lostUpdates === 0),
    lostUpdates: stats(trials.map((trial) => trial.lostUpdates)),
    opsPerSecond: stats(trials.map((trial) => trial.opsPerSecond)),
  };
}
