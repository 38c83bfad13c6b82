/**
 * `--keep-runs N` / `--keep-days D`: deletes old ended runs in the background, once at start-up,
 * every `intervalMs`, and shortly after runs end (debounced: at most one prune at a time, at most one
 * waiting). Never awaited by a request; a failure is logged and retried on the next occasion.
 */
import type { PruneOptions, RunStore } from '@racelab/store';
import type { LogLine } from '../http/request-log.js';

export interface Retention {
  keepRuns?: number | undefined;
  keepDays?: number | undefined;
}

export class Pruner {
  readonly #store: RunStore;
  readonly #options: PruneOptions;
  readonly #log: LogLine;
  readonly #debounceMs: number;
  readonly #interval: ReturnType<typeof setInterval> | undefined;
  #running: Promise<void> | undefined;
  #again = false;
  #soon: ReturnType<typeof setTimeout> | undefined;
  #closed = false;
  /** Runs deleted so far (tests and the log read it). */
  deleted = 0;

  constructor(
    store: RunStore,
    retention: Retention,
    {
      log = () => {},
      intervalMs = 600_000,
      debounceMs = 1_000,
    }: { log?: LogLine; intervalMs?: number; debounceMs?: number } = {},
  ) {
    this.#store = store;
    this.#options = {
      ...(retention.keepRuns === undefined ? {} : { keepRuns: retention.keepRuns }),
      ...(retention.keepDays === undefined ? {} : { keepDays: retention.keepDays }),
    };
    this.#log = log;
    this.#debounceMs = debounceMs;
    if (!this.enabled) return;
    this.#interval = setInterval(() => this.pruneNow(), intervalMs);
    this.#interval.unref?.();
    this.pruneNow();
  }

  get enabled(): boolean {
    return this.#options.keepRuns !== undefined || this.#options.keepDays !== undefined;
  }

  /** A run ended and was written: prune soon, once for a burst of them. */
  runEnded(): void {
    if (!this.enabled || this.#closed || this.#soon) return;
    this.#soon = setTimeout(() => {
      this.#soon = undefined;
      this.pruneNow();
    }, this.#debounceMs);
    this.#soon.unref?.();
  }

  /** Starts a prune unless one runs (then one more follows it); resolves when this round is done. */
  pruneNow(): Promise<void> {
    if (!this.enabled || this.#closed) return Promise.resolve();
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = (async () => {
      do {
        this.#again = false;
        try {
          this.deleted += await this.#store.prune({ ...this.#options, now: new Date() });
        } catch (error) {
          this.#log(`run store: pruning failed, will retry: ${(error as Error).message}`);
        }
      } while (this.#again && !this.#closed);
    })().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#interval);
    clearTimeout(this.#soon);
    await this.#running;
  }
}
