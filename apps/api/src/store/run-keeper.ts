/**
 * Every state of every run goes to the store through here. While the store answers, `save` resolves
 * once the run is written, so a client is told a run ended only after its result is on disk. When
 * the store stops answering (PostgreSQL down, the file locked), runs wait in a bounded buffer, newest
 * state per run, and are written in order once it is back (retried with backoff); `save` then
 * resolves at once, so runs still finish and are answered. While the buffer is full, `full` is true
 * and the queue refuses new runs rather than run them and lose them.
 *
 * An ended run is final in the store: a state written over one is refused (`final`), and whoever
 * waits for the write reads the stored end instead (a lab host found lost that finishes late).
 */

import type { StoredRun } from '@racelab/schema';
import { type RunStore, StoreError } from '@racelab/store';
import type { LogLine } from '../http/request-log.js';
import { spillRuns } from './spill-file.js';

export interface RunKeeperOptions {
  /** Runs the buffer may hold while the store is unavailable (default 1,000). */
  bufferSize?: number;
  log?: LogLine;
  /** First and longest wait between two attempts once a write failed. */
  retryMs?: { first: number; max: number };
  /** Called after each ended run is written (the pruner listens). */
  onEndedWritten?: () => void;
  /** Where runs still unwritten at `close()` are kept for the next start (see `spill-file.ts`). */
  spillPath?: string | undefined;
  /** Last words to the store at `close()`, once every run is written or kept, before it closes. */
  beforeClose?: (store: RunStore) => Promise<void>;
}

/**
 * What became of a state: `written`; `buffered` (the store is away; written once it is back); or
 * `final`: the store holds an end of this run already (ended elsewhere) and kept it, not this state;
 * `dropped`: the store refused the run itself (`store_rejected`, logged).
 */
export type KeptState = 'written' | 'buffered' | 'final' | 'dropped';

interface Pending {
  run: StoredRun;
  /** Resolved once this state (or a newer one of the same run) is written or buffered. */
  settled: Array<(kept: KeptState) => void>;
}

export const DEFAULT_BUFFER_SIZE = 1_000;

export class RunKeeper {
  readonly bufferSize: number;
  /** Not yet written, oldest first; one entry per run, its newest state. */
  readonly #pending = new Map<string, Pending>();
  readonly #log: LogLine;
  readonly #retry: { first: number; max: number };
  readonly #onEndedWritten: (() => void) | undefined;
  readonly #spillPath: string | undefined;
  readonly #beforeClose: ((store: RunStore) => Promise<void>) | undefined;
  #unavailable = false;
  #writing: Promise<void> | undefined;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #wakeRetry: (() => void) | undefined;
  #closed = false;
  #inFlight: Pending | undefined;

  constructor(
    readonly store: RunStore,
    options: RunKeeperOptions = {},
  ) {
    this.bufferSize = options.bufferSize ?? DEFAULT_BUFFER_SIZE;
    this.#log = options.log ?? (() => {});
    this.#retry = options.retryMs ?? { first: 100, max: 5_000 };
    this.#onEndedWritten = options.onEndedWritten;
    this.#spillPath = options.spillPath;
    this.#beforeClose = options.beforeClose;
  }

  /** True while the last write failed and runs are waiting for the store to come back. */
  get unavailable(): boolean {
    return this.#unavailable;
  }

  /** Runs waiting to be written. */
  get buffered(): number {
    return this.#pending.size;
  }

  /** The buffer holds as many runs as it may: starting another could lose it. */
  get full(): boolean {
    return this.#unavailable && this.#pending.size >= this.bufferSize;
  }

  /** Writes the run's newest state; resolves once written (or refused), or at once when buffered for later. */
  save(run: StoredRun): Promise<KeptState> {
    const previous = this.#pending.get(run.id);
    // An older state not yet being written is superseded: its waiters wait for this one instead.
    const settled = previous && previous !== this.#inFlight ? previous.settled : [];
    // Re-inserting moves the run to the back: its states still land in order, since only the newest is kept.
    this.#pending.delete(run.id);
    this.#pending.set(run.id, { run, settled });
    const written: Promise<KeptState> = this.#unavailable
      ? Promise.resolve('buffered')
      : new Promise((resolve) => settled.push(resolve));
    this.#writing ??= this.#drain().finally(() => {
      this.#writing = undefined;
    });
    return written;
  }

  /** Waits (up to `timeoutMs`) for the buffer to be written; true when it was. */
  async flush(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    this.#wakeRetry?.();
    while (this.#pending.size > 0 && Date.now() < deadline) {
      const writing = this.#writing;
      if (!writing) break;
      await Promise.race([writing, new Promise((resolve) => setTimeout(resolve, Math.max(1, deadline - Date.now())))]);
    }
    return this.#pending.size === 0;
  }

  /**
   * Writes what it can within `timeoutMs`, keeps the rest in the spill file (or says what it lost
   * when there is none), and closes the store.
   */
  async close(timeoutMs = 500): Promise<void> {
    const flushed = await this.flush(timeoutMs);
    this.#closed = true;
    clearTimeout(this.#retryTimer);
    this.#wakeRetry?.();
    await this.#writing?.catch(() => {});
    if (!flushed && this.#pending.size > 0) await this.#spill();
    for (const pending of this.#pending.values()) for (const resolve of pending.settled.splice(0)) resolve('buffered');
    await this.#beforeClose?.(this.store).catch(() => {});
    await this.store.close();
  }

  async #spill(): Promise<void> {
    const runs = [...this.#pending.values()].map((pending) => pending.run);
    const path = this.#spillPath;
    if (path === undefined) {
      this.#log(`run store: ${runs.length} runs could not be written before shutdown`);
      return;
    }
    try {
      await spillRuns(path, runs);
      this.#log(
        `run store: ${runs.length} runs could not be written before shutdown; kept in ${path}, written at the next start`,
      );
    } catch (error) {
      this.#log(
        `run store: ${runs.length} runs could not be written before shutdown, nor kept in ${path}: ${(error as Error).message}`,
      );
    }
  }

  async #drain(): Promise<void> {
    let wait = this.#retry.first;
    while (!this.#closed) {
      const next = this.#pending.entries().next();
      if (next.done) return;
      const [id, entry] = next.value;
      this.#inFlight = entry;
      let written: boolean;
      try {
        written = await this.store.save(entry.run);
      } catch (error) {
        this.#inFlight = undefined;
        if (!(error instanceof StoreError) || error.code !== 'store_unavailable') {
          // Not the store's absence but a run it refuses (`store_rejected`: a constraint, a value the
          // database cannot store): retrying would never end and would hold every run behind it. Say so, drop it.
          this.#log(`run store: run ${id} was not saved: ${(error as Error).message}`);
          this.#settle(id, entry, 'dropped');
          continue;
        }
        if (!this.#unavailable)
          this.#log(`${error.message}; buffering runs (up to ${this.bufferSize}) until it is back`);
        this.#unavailable = true;
        // Whoever waits for these runs goes on: they are in the buffer now (this one too, even if a
        // newer state of it replaced it meanwhile).
        for (const resolve of entry.settled.splice(0)) resolve('buffered');
        for (const pending of this.#pending.values())
          for (const resolve of pending.settled.splice(0)) resolve('buffered');
        await this.#sleep(wait);
        wait = Math.min(wait * 2, this.#retry.max);
        continue;
      }
      this.#inFlight = undefined;
      if (this.#unavailable) this.#log(`run store is back: writing ${this.#pending.size} buffered runs`);
      this.#unavailable = false;
      wait = this.#retry.first;
      if (!written && entry.settled.length === 0) {
        // Nobody waits to read the stored end instead (it was buffered): say it here, once.
        this.#log(
          `run store: run ${id} had already ended elsewhere; this host's ${entry.run.status} state was not kept`,
        );
      }
      this.#settle(id, entry, written ? 'written' : 'final');
      if (written && entry.run.status !== 'queued' && entry.run.status !== 'running') this.#onEndedWritten?.();
    }
  }

  /** Done with this state; a newer one saved meanwhile stays pending. */
  #settle(id: string, entry: Pending, kept: KeptState): void {
    if (this.#pending.get(id) === entry) this.#pending.delete(id);
    for (const resolve of entry.settled.splice(0)) resolve(kept);
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.#wakeRetry = () => {
        clearTimeout(this.#retryTimer);
        resolve();
      };
      this.#retryTimer = setTimeout(resolve, ms);
      this.#retryTimer.unref?.();
    });
  }
}
