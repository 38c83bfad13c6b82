import type { ProgressSnapshot } from '@racelab/schema';
import type { RunRecord } from './run-record.js';

export type RunUpdate = { type: 'progress'; snapshot: ProgressSnapshot } | { type: 'keep-alive' };

/**
 * Follows one run for one client until the run ends or `signal` aborts. Progress coalesces to the
 * newest snapshot, so a slow client holds at most one pending sample instead of a growing backlog;
 * an idle stream yields `keep-alive` now and then so proxies do not close it.
 */
export async function* followRun(
  record: RunRecord,
  signal: AbortSignal,
  keepAliveMs = 15_000,
): AsyncGenerator<RunUpdate, void, undefined> {
  let pending: ProgressSnapshot | undefined;
  let wake: (() => void) | undefined;
  const unsubscribe = record.subscribe({
    progress(snapshot) {
      pending = snapshot;
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
        const snapshot = pending;
        pending = undefined;
        yield { type: 'progress', snapshot };
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
