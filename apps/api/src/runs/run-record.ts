import type { ExperimentConfig, ExperimentResult, ProgressSnapshot, RunError } from '@racelab/schema';
import type { Run, RunStatus } from '../api-schemas.js';

export interface RunListener {
  progress(snapshot: ProgressSnapshot): void;
  ended(): void;
}

/** One submitted run: its state, its cancel switch, who submitted it, and the clients following it. */
export class RunRecord {
  status: RunStatus = 'queued';
  progress: ProgressSnapshot | undefined;
  result: ExperimentResult | undefined;
  error: RunError | undefined;
  readonly #cancel = new AbortController();
  readonly #listeners = new Set<RunListener>();
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
    return () => this.#listeners.delete(listener);
  }

  /** Asks the runner to stop the run (or drop it from its queue); `end` follows once it has. */
  requestCancel(reason: string): void {
    this.#cancel.abort(new Error(reason));
  }

  start(): void {
    if (this.status === 'queued') this.status = 'running';
  }

  reportProgress(snapshot: ProgressSnapshot): void {
    this.progress = snapshot;
    this.#progressCount++;
    for (const listener of this.#listeners) listener.progress(snapshot);
  }

  /** Ends the run with core's result, or with only an error when core gave none (a bug, not a cancel). */
  end(outcome: { result: ExperimentResult } | { status: 'failed'; error: RunError }): void {
    if (this.ended) return;
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
    this.#markEnded();
  }

  toJSON(): Run {
    return {
      id: this.id,
      status: this.status,
      config: this.config,
      ...(this.progress ? { progress: this.progress } : {}),
      ...(this.result ? { result: this.result } : {}),
      ...(this.error ? { error: this.error } : {}),
    };
  }
}
