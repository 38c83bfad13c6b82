import type { TrialResult, WorkerResult } from '@racelab/schema';
import { formatJainIndex, formatShare, formatShareRange, formatWait } from '@racelab/schema/format';

/**
 * How evenly the workers got the lock, as core measures it for the lock strategies (`mutex`,
 * `spinlock`): `TrialResult.fairness` and each `WorkerResult`'s `share` and `waitMs`. Absent for
 * `none` and `atomic`, and in older results: then there is nothing to say (undefined).
 */

/** `Jain 0.98 · least 0.91×` */
export function fairnessText(trial: TrialResult | undefined): string | undefined {
  const fairness = trial?.fairness;
  if (!fairness) return undefined;
  return `Jain ${formatJainIndex(fairness.jainIndex)} · least ${formatShare(fairness.leastShare)}`;
}

/** `p99 0.41 ms · max 3.20 ms` */
export function waitText(trial: TrialResult | undefined): string | undefined {
  const wait = trial?.fairness?.waitMs;
  if (!wait) return undefined;
  return `p99 ${formatWait(wait.p99)} · max ${formatWait(wait.max)}`;
}

/** A worker's share of the lock, `1.02×` (1× = an even share), or `0.91–1.08×` for a group of them. */
export function shareText(workers: readonly WorkerResult[]): string | undefined {
  return formatShareRange(
    workers.map((worker) => worker.share).filter((share): share is number => share !== undefined),
  );
}
