/** What a caller can ask of one run, and the checks on it. */
import type { ProgressSnapshot } from '@racelab/schema';

export interface RunOptions {
  /** Aborting stops every worker; the promise rejects with a `RunAbortedError` (name `AbortError`). */
  signal?: AbortSignal;
  /** Live samples of the shared counter and each worker's progress, read from shared memory. */
  onProgress?: (snapshot: ProgressSnapshot) => void;
  /**
   * Milliseconds between two `onProgress` calls: a number ≥ 0, default 50 (20 Hz); below 10 counts
   * as 10, and past a timer's range (2^31 − 1 ms) or `Infinity` only the final sample of each trial
   * is reported.
   */
  progressIntervalMs?: number;
  /**
   * A run still going after this many milliseconds is stopped and ends `failed` with code `timeout`.
   * A number > 0; `Infinity`, or anything past a timer's range (2^31 − 1 ms, ~24.8 days), means no limit.
   */
  timeoutMs?: number;
  /** The run's id, a non-empty string; a random UUID by default. */
  id?: string;
  /**
   * Called once when the run leaves an `ExperimentRunner`'s queue and starts taking workers; never
   * for a run cancelled while queued. Lets a front end tell `queued` from `running`.
   */
  onStart?: () => void;
}

export const DEFAULT_PROGRESS_INTERVAL_MS = 50;

/** Throws a `RangeError` naming the option unless `value` is a number (or `Infinity`) in range. */
function checkMilliseconds(option: string, value: unknown, { allowZero }: { allowZero: boolean }): void {
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0 || (value === 0 && !allowZero)) {
    const range = allowZero ? 'a number of milliseconds ≥ 0' : 'a number of milliseconds > 0';
    throw new RangeError(`${option} must be ${range} (or Infinity), got ${describe(value)}`);
  }
}

/** Checks every option up front, so a bad one fails the call before any thread starts. */
export function checkRunOptions(options: RunOptions): void {
  if (options.id !== undefined && (typeof options.id !== 'string' || options.id.length === 0)) {
    throw new TypeError('a run id must be a non-empty string');
  }
  if (options.timeoutMs !== undefined) checkMilliseconds('timeoutMs', options.timeoutMs, { allowZero: false });
  if (options.progressIntervalMs !== undefined) {
    checkMilliseconds('progressIntervalMs', options.progressIntervalMs, { allowZero: true });
  }
  for (const callback of ['onProgress', 'onStart'] as const) {
    if (options[callback] !== undefined && typeof options[callback] !== 'function') {
      throw new TypeError(`${callback} must be a function`);
    }
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value);
  return typeof value;
}
