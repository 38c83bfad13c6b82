import type { ProgressSnapshot } from '@racelab/schema';
import type { RunRecord } from './run-record.js';

/** `number`: the sample's place in the run (1, 2, …: `RunRecord.progressCount` when it was reported). */
export type RunUpdate = { type: 'progress'; snapshot: ProgressSnapshot; number: number } | { type: 'keep-alive' };

/**
 * Follows one run for one client until the run ends or `signal` aborts. Progress coalesces to the
 * newest snapshot, so a slow client holds at most one pending sample instead of a growing backlog;
 * an idle stream yields `keep-alive` now and then so proxies do not close it. With `after` (a client
 * resuming), the run's latest sample comes first if it is newer than sample number `after`.
 */
export async function* followRun(
  record: RunRecord,
  signal: AbortSignal,
  keepAliveMs = 15_000,
  after?: number,
): AsyncGenerator<RunUpdate, void, undefined> {
  let pending: { snapshot: ProgressSnapshot; number: number } | undefined;
  if (after !== undefined && record.progress && record.progressCount > after) {
    pending = { snapshot: record.progress, number: record.progressCount };
  }
  let wake: (() => void) | undefined;
  const unsubscribe = record.subscribe({
    progress(snapshot) {
      pending = { snapshot, number: record.progressCount };
      wake?.();
    },
    ended() {
      wake?.();
    },
  });
  const onAbort = () => wake?.();
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    while (!signal.aborted) {
      if (pending) {
        const { snapshot, number } = pending;
        pending = undefined;
        yield { type: 'progress', snapshot, number };
        continue;
      }
      if (record.ended) return;
      const woken = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), keepAliveMs);
        wake = () => {
          clearTimeout(timer);
          resolve(true);
        };
      });
      wake = undefined;
      if (!woken && !signal.aborted) yield { type: 'keep-alive' };
    }
  } finally {
    unsubscribe();
    signal.removeEventListener('abort', onAbort);
  }
}
