import type { TrialResult, WorkerResult } from '@racelab/schema';

/**
 * How evenly the workers got the lock, as core measures it for the lock strategies (`mutex`,
 * `spinlock`): `TrialResult.fairness` and each `WorkerResult`'s `share` and `waitMs`. The fields
 * are optional in the schema (absent for `none` and `atomic`, and in older results); this page
 * reads them structurally so it shows them from whichever server produces them.
 */
interface WaitSummary {
  p50: number;
  p99: number;
  max: number;
}
interface TrialFairness {
  fairness?: { jainIndex: number; leastShare: number; waitMs: WaitSummary };
}
interface WorkerFairness {
  share?: number;
  waitMs?: WaitSummary;
}

function fairnessOf(trial: TrialResult | undefined) {
  return (trial as (TrialResult & TrialFairness) | undefined)?.fairness;
}

/** `Jain 0.98 · least 0.91×` */
export function fairnessText(trial: TrialResult | undefined): string | undefined {
  const fairness = fairnessOf(trial);
  if (!fairness) return undefined;
  return `Jain ${fairness.jainIndex.toFixed(2)} · least ${fairness.leastShare.toFixed(2)}×`;
}

/** `p99 0.41 ms · max 3.2 ms` */
export function waitText(trial: TrialResult | undefined): string | undefined {
  const wait = fairnessOf(trial)?.waitMs;
  if (!wait) return undefined;
  return `p99 ${formatMs(wait.p99)} · max ${formatMs(wait.max)}`;
}

/** A worker's share of the lock, `1.02×` (1× = an even share), or `0.91–1.08×` for a group of them. */
export function shareText(workers: readonly WorkerResult[]): string | undefined {
  const shares = workers
    .map((worker) => (worker as WorkerResult & WorkerFairness).share)
    .filter((share): share is number => share !== undefined);
  if (shares.length === 0) return undefined;
  const least = Math.min(...shares).toFixed(2);
  const most = Math.max(...shares).toFixed(2);
  return least === most ? `${least}×` : `${least}–${most}×`;
}

function formatMs(ms: number): string {
  if (ms === 0) return '0 ms';
  if (ms < 0.01) return '< 0.01 ms';
  return ms >= 10 ? `${ms.toFixed(0)} ms` : ms >= 1 ? `${ms.toFixed(1)} ms` : `${ms.toFixed(2)} ms`;
}
