/**
 * `@racelab/core/fairness`: how evenly a strategy's workers got the lock (Jain's index, shares,
 * wait histograms), without the runner. The code lives in `trial/fairness.ts`.
 */
export {
  jainIndex,
  type MutexActivity,
  mergeWaits,
  mutexActivity,
  newWaitHistogram,
  recordWait,
  sharesOf,
  timedWaits,
  type WaitHistogram,
  waitQuantileNs,
  waitSummary,
  withFairness,
} from './trial/index.js';
