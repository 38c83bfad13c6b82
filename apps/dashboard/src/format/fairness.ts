/**
 * How evenly a lock strategy's workers got the lock, for people: the trial's Jain index and
 * longest wait next to its throughput, and each worker's share of the lock (1.00× = an even share).
 */
import type { ExperimentResult, TrialResult, WorkerResult } from '@racelab/schema';
import {
  formatCount,
  formatJainIndex,
  formatShare as formatShareOf,
  formatWait as formatWaitOf,
} from '@racelab/schema/format';
import { bar } from './bars.js';
import { table } from './table.js';

/** `0.97`, or `–` where nothing was measured. */
export function formatJain(trial: TrialResult | undefined): string {
  return trial?.fairness ? formatJainIndex(trial.fairness.jainIndex) : '–';
}

/** `1.02×` of an even share, or `–`. */
export function formatShare(share: number | undefined): string {
  return share === undefined ? '–' : formatShareOf(share);
}

/** `0.4 µs`, `3.21 ms`, `512 ms`, or `–`. */
export function formatWait(ms: number | undefined): string {
  return ms === undefined ? '–' : formatWaitOf(ms);
}

/** The longest wait of a trial. */
export function formatLongestWait(trial: TrialResult | undefined): string {
  return formatWait(trial?.fairness?.waitMs.max);
}

const SHARE_BAR = 16;
/** Beyond this many workers the report lists the least-served ones and sums up the rest. */
const LISTED_WORKERS = 16;

/**
 * The last trial's workers by their share of the lock: every worker while they fit, else the
 * least-served few and a summary, so 256 workers stay one screen.
 */
export function workerFairnessLines(result: ExperimentResult): string[] {
  const trial = result.trials.at(-1);
  const fairness = trial?.fairness;
  if (!trial || !fairness) return [];
  const byShare = [...trial.workers].sort((a, b) => (a.share ?? 0) - (b.share ?? 0));
  const listed = trial.workers.length <= LISTED_WORKERS ? trial.workers : byShare.slice(0, 5);
  const most = Math.max(...trial.workers.map((worker) => worker.share ?? 0), 1);
  const row = (worker: WorkerResult) => [
    `w${worker.index}`,
    formatShare(worker.share),
    bar((worker.share ?? 0) / most, SHARE_BAR),
    formatWait(worker.waitMs?.max),
  ];
  const lines = [
    `how evenly the workers got the lock (last trial): Jain index ${formatJainIndex(fairness.jainIndex)} · least share ${formatShare(fairness.leastShare)}`,
    `waits for the lock: p50 ${formatWait(fairness.waitMs.p50)} · p99 ${formatWait(fairness.waitMs.p99)} · max ${formatWait(fairness.waitMs.max)}`,
    ...table(
      [
        { header: 'worker', align: 'left' },
        { header: 'share', align: 'right' },
        { header: '', align: 'left' },
        { header: 'longest wait', align: 'right' },
      ],
      listed.map(row),
    ).map((line) => `  ${line}`),
  ];
  if (listed.length < trial.workers.length) {
    const most = byShare.at(-1);
    lines.push(
      `  … the ${formatCount(trial.workers.length - listed.length)} others between ${formatShare(byShare[listed.length]?.share)} and ${formatShare(most?.share)}`,
    );
  }
  return lines;
}
