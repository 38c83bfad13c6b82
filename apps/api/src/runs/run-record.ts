import type { ExperimentConfig, ExperimentResult, ProgressSnapshot, RunError, StoredRun } from '@racelab/schema';
import type { Run, RunStatus } from '../api-schemas.js';

/** How a run ended: core's result, or only an error when core gave none (a bug, not a cancel). */
export type RunOutcome = { result: ExperimentResult } | { status: 'failed' | 'cancelled'; error: RunError };

/** Where a run came from, for the notebook. */
export interface RunOrigin {
  /** The host label this server runs as (`--host-name`). */
  host?: string | undefined;
  /** A hash of the client's token or address, never the token itself. */
  clientHash?: string | undefined;
  /** In a lab: the runs submitted together to several hosts share it. */
  group?: string | undefined;
}

export interface RunListener {
  /** The run left the queue and started (in a lab: on whichever host claimed it). */
  started?(): void;
  progress(snapshot: ProgressSnapshot): void;
  ended(): void;
}

/** One submitted run: its state, its cancel switch, who submitted it, and the clients following it. */
export class RunRecord {
  status: RunStatus = 'queued';
  progress: ProgressSnapshot | undefined;
  result: ExperimentResult | undefined;
  error: RunError | undefined;
  /** Settles once the queued run is in the store, or buffered while the store is away. */
  saved: Promise<void> = Promise.resolve();
  startedAt: string | undefined;
  endedAt: string | undefined;
  readonly #cancel = new AbortController();
  readonly #listeners = new Set<RunListener>();
  #onListeners: ((count: number) => void) | undefined;
  #progressCount = 0;
  // Not Promise.withResolvers: that arrived in Node 22 and we support Node 20.
  #markEnded!: () => void;
  readonly #ended = new Promise<void>((resolve) => {
    this.#markEnded = resolve;
  });

  constructor(
    readonly id: string,
    readonly config: ExperimentConfig,
    /** Who submitted it, for the per-client limits: a token's or an address's key. */
    readonly client: string,
    readonly origin: RunOrigin = {},
    /** When it was submitted (in a lab, a run claimed here may have been submitted elsewhere). */
    readonly createdAt = new Date().toISOString(),
  ) {}

  /** Progress samples reported so far: the number of the latest, which event streams use as its id. */
  get progressCount(): number {
    return this.#progressCount;
  }

  get ended(): boolean {
    return this.status !== 'queued' && this.status !== 'running';
  }

  /** Settles once the run has ended and its workers have stopped. */
  get whenEnded(): Promise<void> {
    return this.#ended;
  }

  /** Aborts when the run is cancelled; handed to the core runner as the run's `signal`. */
  get cancelSignal(): AbortSignal {
    return this.#cancel.signal;
  }

  /** Clients following the run right now: a disconnected client must not stay counted. */
  get listenerCount(): number {
    return this.#listeners.size;
  }

  subscribe(listener: RunListener): () => void {
    this.#listeners.add(listener);
    this.#onListeners?.(this.#listeners.size);
    return () => {
      if (this.#listeners.delete(listener)) this.#onListeners?.(this.#listeners.size);
    };
  }

  /**
   * Told how many listeners the run has whenever that changes (0 once it ends): a lab host
   * receives a run's progress from the host running it only while a client here follows it.
   */
  watchListeners(callback: ((count: number) => void) | undefined): void {
    this.#onListeners = callback;
  }

  /** Asks the runner to stop the run (or drop it from its queue); `end` follows once it has. */
  requestCancel(reason: string): void {
    this.#cancel.abort(new Error(reason));
  }

  start(): void {
    if (this.status !== 'queued') return;
    this.status = 'running';
    this.startedAt = new Date().toISOString();
    for (const listener of this.#listeners) listener.started?.();
  }

  reportProgress(snapshot: ProgressSnapshot): void {
    this.progress = snapshot;
    this.#progressCount++;
    for (const listener of this.#listeners) listener.progress(snapshot);
  }

  /** Ends the run with core's result, or with only an error when core gave none (a bug, not a cancel). */
  end(outcome: RunOutcome, endedAt = new Date().toISOString()): void {
    if (this.ended) return;
    this.endedAt = endedAt;
    if ('result' in outcome) {
      this.result = outcome.result;
      this.status = outcome.result.status;
      this.error = outcome.result.error;
    } else {
      this.status = outcome.status;
      this.error = outcome.error;
    }
    // The result is the authority now; a stale live sample beside it would only confuse.
    this.progress = undefined;
    for (const listener of this.#listeners) listener.ended();
    this.#listeners.clear();
    this.#onListeners?.(0);
    this.#onListeners = undefined;
    this.#markEnded();
  }

  toJSON(): Run {
    const { client: _client, ...run } = this.toStoredRun();
    return { ...run, ...(this.progress ? { progress: this.progress } : {}) };
  }

  /** The run as the notebook keeps it: as it stands, or as it will stand once ended with `outcome`. */
  toStoredRun(outcome?: RunOutcome, endedAt = new Date().toISOString()): StoredRun {
    const ending = outcome === undefined || this.ended ? undefined : outcome;
    const result = ending ? ('result' in ending ? ending.result : undefined) : this.result;
    const status = ending ? ('result' in ending ? ending.result.status : ending.status) : this.status;
    const error = ending ? ('result' in ending ? ending.result.error : ending.error) : this.error;
    const run: StoredRun = {
      id: this.id,
      status,
      config: this.config,
      source: 'api',
      verified: true,
      createdAt: this.createdAt,
    };
    if (this.origin.host !== undefined) run.host = this.origin.host;
    if (this.origin.clientHash !== undefined) run.client = this.origin.clientHash;
    if (this.origin.group !== undefined) run.group = this.origin.group;
    const startedAt = this.startedAt ?? (ending && result ? result.startedAt : undefined);
    if (startedAt !== undefined) run.startedAt = startedAt;
    const ended = ending ? endedAt : this.endedAt;
    if (ended !== undefined) run.endedAt = ended;
    if (result !== undefined) run.result = result;
    if (error !== undefined) run.error = error;
    return run;
  }
}

/** How a stored run ended, as a record's outcome (its result, else its status and error). */
export function storedOutcome(stored: StoredRun): RunOutcome {
  if (stored.result) return { result: stored.result };
  const status = stored.status === 'cancelled' ? 'cancelled' : 'failed';
  return { status, error: stored.error ?? { code: 'internal', message: 'the run ended without a result' } };
}
