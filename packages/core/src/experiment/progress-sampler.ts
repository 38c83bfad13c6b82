/**
 * Live progress: the main thread reads the shared counter and each worker's completed increments
 * from shared memory on a timer, never one message per increment.
 */
import { type ExperimentConfig, expectedTotal, type ProgressSnapshot } from '@racelab/schema';
import { monotonicMs } from '../shared/index.js';
import { COUNTER, finishedAtSlot, type RunLayout, WORKER_COMPLETED, workerSlot } from '../trial/index.js';

/** The longest delay `setTimeout` honours; a longer one fires after 1 ms. */
export const MAX_TIMER_MS = 2 ** 31 - 1;
const MIN_INTERVAL_MS = 10;

export interface ProgressSampler {
  /** Stops the timer; with `reportFinal`, reports one last snapshot of the finished trial. */
  end(reportFinal: boolean): void;
}

interface SamplerSettings {
  runId: string;
  config: ExperimentConfig;
  layout: RunLayout;
  trial: number;
  openedAt: number;
  onProgress: ((snapshot: ProgressSnapshot) => unknown) | undefined;
  intervalMs: number;
  /** `onProgress` threw or rejected. */
  onError: (error: unknown) => void;
}

function snapshotOf(settings: SamplerSettings, final: boolean): ProgressSnapshot {
  const { config, layout, openedAt } = settings;
  const perWorker = Array.from({ length: config.workers }, (_, index) =>
    Atomics.load(layout.ints, workerSlot(index) + WORKER_COMPLETED),
  );
  // The final snapshot's elapsed time is the trial's: to the last worker's finish, not to now.
  const elapsedMs = final
    ? Math.max(...perWorker.map((_, index) => (layout.times[finishedAtSlot(index)] as number) - openedAt), 0)
    : monotonicMs() - openedAt;
  return {
    runId: settings.runId,
    strategy: config.strategy,
    elapsedMs,
    trial: settings.trial,
    trials: config.trials,
    counter: Atomics.load(layout.ints, COUNTER),
    completed: perWorker.reduce((sum, count) => sum + count, 0),
    expected: expectedTotal(config),
    workers: perWorker,
  };
}

export function startProgressSampler(settings: SamplerSettings): ProgressSampler {
  const { onProgress, onError } = settings;
  if (!onProgress) return { end() {} };
  const report = (final: boolean) => {
    try {
      // An async callback's rejection fails the run too, rather than going unhandled.
      const returned: unknown = onProgress(snapshotOf(settings, final));
      if (returned instanceof Promise) returned.catch(onError);
    } catch (error) {
      onError(error);
    }
  };
  // Past a timer's range setInterval would fire every 1 ms: such an interval samples only at the end.
  const interval = Math.max(MIN_INTERVAL_MS, settings.intervalMs);
  const timer = interval <= MAX_TIMER_MS ? setInterval(() => report(false), interval) : undefined;
  return {
    end(reportFinal) {
      clearInterval(timer);
      if (reportFinal) report(true);
    },
  };
}
