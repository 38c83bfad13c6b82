/**
 * The API's front of ONE warm core `ExperimentRunner`, which owns the queue: it runs experiments
 * one at a time in call order and drops a queued run whose signal aborts, rejecting it with a
 * cancelled result. Experiments are CPU-bound, so two at once would only fight over the same cores.
 * This class only keeps the runs' records for the routes, and bounds how many may wait: in all
 * (`maxQueuedRuns`) and per client (`maxQueuedRunsPerClient`).
 */
import { ConfigError, ExperimentRunner, parseConfig, RunAbortedError } from '@racelab/core';
import type { ExperimentConfig, ExperimentConfigInput } from '@racelab/schema';
import { MemoryRunStore } from '@racelab/store';
import type { LogLine } from '../http/request-log.js';
import { type ApiLimits, resolveLimits } from '../limits.js';
import { RunKeeper } from '../store/run-keeper.js';
import { StoreFullError } from '../store/store-errors.js';
import {
  ClientQueueFullError,
  IncrementBudgetError,
  InvalidConfigError,
  QueueClosedError,
  QueueFullError,
  RunAlreadyEndedError,
  UnknownRunError,
  WorkerLimitError,
} from './run-errors.js';
import { type RunOrigin, type RunOutcome, RunRecord, storedOutcome } from './run-record.js';

export interface RunQueueOptions {
  limits?: Partial<ApiLimits>;
  /** Injected for tests; by default the queue owns a runner and closes it in `close()`. */
  runner?: ExperimentRunner;
  /**
   * Where every run's states are written; the queue closes it in `close()`. Default: memory only,
   * `limits.maxHistory` ended runs (`--database none`).
   */
  keeper?: RunKeeper;
  /** The host label stored with each run and put in each result's environment (`--host-name`). */
  host?: string;
  log?: LogLine;
}

/** The key of a run submitted without one (embedding code, tests): all such runs share a share. */
export const ANONYMOUS_CLIENT = 'anonymous';

export class RunQueue {
  readonly limits: ApiLimits;
  readonly runner: ExperimentRunner;
  readonly keeper: RunKeeper;
  readonly host: string | undefined;
  readonly #log: LogLine;
  /** Every run still in memory, in submission order. */
  readonly #runs = new Map<string, RunRecord>();
  /** Runs not ended yet, in submission order: the first runs (or starts next), the rest wait. */
  readonly #unfinished = new Set<RunRecord>();
  #closed = false;

  constructor(options: RunQueueOptions = {}) {
    this.limits = resolveLimits(options.limits);
    this.runner = options.runner ?? new ExperimentRunner();
    this.keeper = options.keeper ?? new RunKeeper(new MemoryRunStore(this.limits.maxHistory));
    this.host = options.host;
    this.#log = options.log ?? (() => {});
  }

  /**
   * Validates the config, then hands the run to the runner. Throws before queueing anything it would
   * refuse. `saved` settles once the queued run is in the store (or buffered while it is away).
   */
  submit(input: ExperimentConfigInput = {}, client = ANONYMOUS_CLIENT, clientHash?: string, group?: string): RunRecord {
    if (this.#closed) throw new QueueClosedError();
    const config = this.#admit(input);
    // The store is away and its buffer full: a run started now could end with nowhere to go.
    if (this.keeper.full) throw new StoreFullError(this.keeper.bufferSize, this.limits.retryAfterSeconds);
    // With nothing unfinished the run starts at once and never waits: even `maxQueuedRuns: 0` accepts it.
    if (this.#unfinished.size > 0) {
      if (this.queuedCount >= this.limits.maxQueuedRuns) {
        throw new QueueFullError(this.limits.maxQueuedRuns, this.limits.retryAfterSeconds);
      }
      if (this.queuedCountOf(client) >= this.limits.maxQueuedRunsPerClient) {
        throw new ClientQueueFullError(this.limits.maxQueuedRunsPerClient, this.limits.retryAfterSeconds);
      }
    }
    const origin: RunOrigin = { host: this.host, clientHash, group };
    const record = new RunRecord(crypto.randomUUID(), config, client, origin);
    this.#runs.set(record.id, record);
    this.#unfinished.add(record);
    record.saved = this.keeper.save(record.toStoredRun()).then(() => {});
    void this.#execute(record);
    return record;
  }

  /**
   * In a lab: keeps a run queued for the lab (or running on another host) in memory, so this server
   * answers it live and follows it; the lab feeds it the run's events. Nothing runs here for it.
   * Returns the record this server holds for the run: `record`, or the one already held.
   */
  track(record: RunRecord): RunRecord {
    // This host's queue worker may have claimed the run already (it can take a job before the
    // submission that queued it here resumes): the record it runs stays the one answered and cancelled.
    const held = this.#runs.get(record.id);
    if (held) return held;
    this.#runs.set(record.id, record);
    this.#forgetOldRuns();
    return record;
  }

  /**
   * In a lab: runs a run the lab's queue handed this host, on this host's warm runner; resolves once
   * it has ended and its end is written. One at a time: the lab's queue worker takes one job at once.
   * `beforeEnd` runs once the run has stopped, before its end is written (the lab marks its host
   * idle there, so whoever sees the run ended, in the store or from this host, sees its host idle);
   * with the write, it holds the end at most `STORE_WAIT_MS`.
   */
  async runHere(record: RunRecord, beforeEnd?: () => Promise<void>): Promise<void> {
    if (this.#closed) throw new QueueClosedError();
    this.#runs.set(record.id, record);
    this.#unfinished.add(record);
    await this.#execute(record, beforeEnd);
  }

  /** Runs this server is running right now (in a lab, the one its queue worker took). */
  isRunningHere(id: string): boolean {
    const record = this.#runs.get(id);
    return record !== undefined && this.#unfinished.has(record);
  }

  /** Core's checks and this server's ceilings, without queueing (a lab queues in PostgreSQL). */
  admit(input: ExperimentConfigInput = {}): ExperimentConfig {
    if (this.#closed) throw new QueueClosedError();
    return this.#admit(input);
  }

  /** A run this process holds in memory (live, or among the last ended), else undefined. */
  find(id: string): RunRecord | undefined {
    return this.#runs.get(id);
  }

  /** True while the run is queued or running here. */
  isLive(id: string): boolean {
    const record = this.#runs.get(id);
    return record !== undefined && !record.ended;
  }

  /** Runs waiting behind the running one: never more than `limits.maxQueuedRuns`. */
  get queuedCount(): number {
    return Math.max(0, this.#unfinished.size - 1);
  }

  /** Runs of `client` waiting behind the running one: never more than `limits.maxQueuedRunsPerClient`. */
  queuedCountOf(client: string): number {
    let count = 0;
    let first = true;
    for (const record of this.#unfinished) {
      if (record.client === client && !first) count++;
      first = false;
    }
    return count;
  }

  get(id: string): RunRecord {
    const record = this.#runs.get(id);
    if (!record) throw new UnknownRunError(id);
    return record;
  }

  /** Newest first. */
  list(limit = Number.POSITIVE_INFINITY): RunRecord[] {
    return [...this.#runs.values()].reverse().slice(0, limit);
  }

  /** Cancels a queued or running run; resolves once it has ended and its workers have stopped. */
  async cancel(id: string, reason = 'cancelled by DELETE /runs/{id}'): Promise<RunRecord> {
    const record = this.get(id);
    if (record.ended) throw new RunAlreadyEndedError(id, record.status);
    record.requestCancel(reason);
    await record.whenEnded;
    return record;
  }

  /** Cancels every run, stops every worker thread, refuses new runs, then writes what is left and closes the store. */
  async close(): Promise<void> {
    this.#closed = true;
    const unfinished = [...this.#unfinished];
    for (const record of unfinished) record.requestCancel('the server is shutting down');
    await Promise.all(unfinished.map((record) => record.whenEnded));
    await this.runner.close();
    await this.keeper.close();
  }

  /** Core's checks, then this server's own ceilings; each refusal is a 400 naming the fields. */
  #admit(input: ExperimentConfigInput): ExperimentConfig {
    let config: ExperimentConfig;
    try {
      config = parseConfig(input);
    } catch (error) {
      if (error instanceof ConfigError) throw new InvalidConfigError(error.message, error.issues, error, error.code);
      throw error;
    }
    if (config.workers > this.limits.maxWorkers) throw new WorkerLimitError(config.workers, this.limits.maxWorkers);
    const total = config.workers * config.iterations * config.trials;
    if (total > this.limits.maxTotalIncrements) throw new IncrementBudgetError(total, this.limits.maxTotalIncrements);
    return config;
  }

  async #execute(record: RunRecord, beforeEnd?: () => Promise<void>): Promise<void> {
    let outcome: RunOutcome;
    try {
      const result = await this.runner.run(record.config, {
        id: record.id,
        signal: record.cancelSignal,
        timeoutMs: this.limits.runTimeoutMs,
        progressIntervalMs: this.limits.progressIntervalMs,
        onStart: () => {
          record.start();
          void this.keeper.save(record.toStoredRun());
        },
        onProgress: (snapshot) => record.reportProgress(snapshot),
      });
      outcome = { result };
    } catch (error) {
      // Cancelled, running or still queued: core hands back the cancelled result either way.
      outcome =
        error instanceof RunAbortedError
          ? { result: error.result }
          : { status: 'failed', error: { code: 'internal', message: messageOf(error) } };
    }
    const host = record.origin.host ?? this.host;
    if ('result' in outcome && host !== undefined) outcome.result.environment.host ??= host;
    // The hook and the end's write share one deadline: a store that hangs holds the end 5 s, not 10.
    const deadline = Date.now() + STORE_WAIT_MS;
    if (beforeEnd) {
      const hook = beforeEnd().catch(() => {});
      await withDeadline(hook, STORE_WAIT_MS);
    }
    // Written before anyone is told: a run a client saw end survives a crash right after.
    let endedAt = new Date().toISOString();
    const kept = await withDeadline(
      this.keeper.save(record.toStoredRun(outcome, endedAt)),
      Math.max(0, deadline - Date.now()),
    );
    if (kept === 'final') {
      // The run had ended elsewhere meanwhile (in a lab: this host was found lost, and another ended
      // it host_lost); that end is final, so this host's clients are told it, not this late result.
      const stored = await this.keeper.store.get(record.id).catch(() => undefined);
      if (stored && stored.status !== 'queued' && stored.status !== 'running') {
        const late = 'result' in outcome ? outcome.result.status : outcome.status;
        const lateError = 'result' in outcome ? outcome.result.error : outcome.error;
        // The same end already stored (a write retried after its reply was lost) is no news.
        if (stored.status !== late || stored.error?.code !== lateError?.code) {
          this.#log(
            `run ${record.id} had already ended elsewhere (${stored.status}${stored.error ? `: ${stored.error.code}` : ''}); ` +
              `this host's result (${late}) was not kept`,
          );
        }
        outcome = storedOutcome(stored);
        endedAt = stored.endedAt ?? endedAt;
      }
    }
    this.#unfinished.delete(record);
    record.end(outcome, endedAt);
    this.#forgetOldRuns();
  }

  /** Keeps memory bounded: drops the oldest finished runs past `maxHistory`. */
  #forgetOldRuns(): void {
    let excess = this.#runs.size - this.#unfinished.size - this.limits.maxHistory;
    for (const [id, record] of this.#runs) {
      if (excess <= 0) break;
      // Runs followed for the lab and not yet ended stay too.
      if (!record.ended) continue;
      this.#runs.delete(id);
      excess--;
    }
  }
}

/**
 * How long a run's end waits for its write before the client is answered anyway: a store that hangs
 * (a network partition, not a refused connection) must not hold runs; the write stays in the buffer.
 */
const STORE_WAIT_MS = 5_000;

function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
