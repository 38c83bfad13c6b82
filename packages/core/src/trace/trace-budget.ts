/**
 * How much of each trial's trace a run keeps, so that a traced result stays small whatever the
 * config (up to 256 workers × 100 trials): the counts of every trial; the biggest rollbacks, 20 in
 * the first trials and 5 in the others; `pairs` and `views` of the first trials only (3 trials up
 * to 32 workers, else the first one), with at most 12,000 view points in all (500 a worker up to
 * 24 workers in one trial, 46 a worker at 256).
 */
import type { TraceDetail } from './analyze-trace.js';

const VIEW_POINTS_PER_RUN = 12_000;
const MAX_VIEW_POINTS = 500;
const MAX_VIEW_ROLLBACKS = 20;

/** How many first trials keep `pairs` and `views`. */
export function detailedTrials(workers: number, trials: number): number {
  return Math.min(trials, workers <= 32 ? 3 : 1);
}

export function traceDetailFor(trial: number, workers: number, trials: number): TraceDetail {
  const detailed = detailedTrials(workers, trials);
  if (trial >= detailed) return { biggest: 5, pairs: false, viewPoints: 0, viewRollbacks: 0 };
  const viewPoints = Math.min(MAX_VIEW_POINTS, Math.floor(VIEW_POINTS_PER_RUN / (workers * detailed)));
  return {
    biggest: 20,
    pairs: true,
    viewPoints,
    viewRollbacks: Math.min(MAX_VIEW_ROLLBACKS, Math.floor(viewPoints / 4)),
  };
}
