/**
 * How evenly a lock strategy's workers got the lock, from the increment loops' own stats: each
 * worker's share (its acquisitions per ms of its own run, over the mean of all workers'), Jain's
 * fairness index over those shares, and wait-time summaries. In a trial every worker does the same
 * number of increments, so a worker kept waiting shows as one that needed longer for them.
 *
 * Jain's index (Jain, Chiu and Hawe, 1984) is (Σx)² / (n · Σx²): 1 when every x is equal, 1/n
 * when one worker has everything.
 */
import type { Strategy, TrialResult, WaitSummary } from '@racelab/schema';
import type { MutexHandle } from '../lock/index.js';
import { HANDOFFS, TICKS } from '../lock/index.js';
import { mergeWaits, timedWaits, type WaitHistogram, waitQuantileNs } from './fairness-histogram.js';
import type { LoopStats } from './increment-loops.js';

export {
  mergeWaits,
  newWaitHistogram,
  recordWait,
  timedWaits,
  type WaitHistogram,
  waitQuantileNs,
} from './fairness-histogram.js';

const NS_PER_MS = 1e6;

export function jainIndex(values: readonly number[]): number {
  let sum = 0;
  let squares = 0;
  for (const value of values) {
    sum += value;
    squares += value * value;
  }
  return squares > 0 ? Math.min(1, (sum * sum) / (values.length * squares)) : 1;
}

/** Each value over their mean (1 = an even share); all 1 when the mean is 0. */
export function sharesOf(values: readonly number[]): number[] {
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  return values.map((value) => (mean > 0 ? value / mean : 1));
}

export function waitSummary(waits: WaitHistogram): WaitSummary {
  return {
    p50: waitQuantileNs(waits, 0.5) / NS_PER_MS,
    p99: waitQuantileNs(waits, 0.99) / NS_PER_MS,
    max: waits.maxNs / NS_PER_MS,
  };
}

/** A lock strategy's trial with its fairness fields; any other trial as it is. */
export function withFairness(strategy: Strategy, stats: readonly LoopStats[], trial: TrialResult): TrialResult {
  if (strategy !== 'mutex' && strategy !== 'spinlock') return trial;
  const waits = stats.map((worker) => worker.waitTimes);
  if (stats.length === 0 || !waits.every((histogram) => histogram !== undefined)) return trial;
  const shares = sharesOf(stats.map((worker) => (worker.activeMs ? worker.completed / worker.activeMs : 0)));
  const all = mergeWaits(waits);
  return {
    ...trial,
    workers: trial.workers.map((worker, index) => ({
      ...worker,
      share: shares[index] as number,
      waitMs: waitSummary(waits[index] as WaitHistogram),
    })),
    fairness: {
      jainIndex: jainIndex(shares),
      leastShare: Math.min(...shares),
      waitMs: waitSummary(all),
      timedAcquisitions: timedWaits(all),
    },
  };
}

/** What a Mutex's fairness machinery has done so far, counted in the lock's own memory. */
export interface MutexActivity {
  /** Times the lock was handed straight to the waiter next in line (fairness deadline or unlockFair). */
  handOffs: number;
  /** Times the next-in-line waiter looked at the lock (woken by an unlock, or by its own deadline). */
  watcherLooks: number;
}

/** Reads a Mutex's counters: take two readings and subtract them to see a period's rates. */
export function mutexActivity(handle: MutexHandle): MutexActivity {
  const cells = new Int32Array(handle.buffer, handle.byteOffset, 16);
  return { handOffs: Atomics.load(cells, HANDOFFS) >>> 0, watcherLooks: Atomics.load(cells, TICKS) >>> 0 };
}
