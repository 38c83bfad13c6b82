/**
 * The bounded queue in front of ONE warm core `ExperimentRunner`. Experiments are CPU-bound: two
 * at once would only fight over the same cores and skew each other's timings, so runs execute one
 * at a time in submission order, and at most `maxQueuedRuns` wait behind the running one.
 */
import { randomUUID } from 'node:crypto';
import { ExperimentRunner, parseConfig, RunAbortedError } from '@racelab/core';
import type { ExperimentConfigInput } from '@racelab/schema';
import { type ApiLimits, resolveLimits } from '../limits.js';
import {
  IncrementBudgetError,
  QueueClosedError,
  QueueFullError,
  RunAlreadyEndedError,
  UnknownRunError,
  WorkerLimitError,
} from './run-errors.js';
import { RunRecord } from './run-record.js';

export interface RunQueueOptions {
  limits?: Partial<ApiLimits>;
  /** Injected for tests; by default the queue owns a runner and closes it in `close()`. */
  runner?: ExperimentRunner;
}

export class RunQueue {
  readonly limits: ApiLimits;
  readonly runner: ExperimentRunner;
  /** Every run still in memory, in submission order. */
  readonly #runs = new Map<string, RunRecord>();
  readonly #waiting: RunRecord[] = [];
  #active: RunRecord | undefined;
  #closed = false;

  constructor(options: RunQueueOptions = {}) {
    this.limits = resolveLimits(options.limits);
    this.runner = options.runner ?? new ExperimentRunner();
  }

  /** Validates the config, then queues the run. Throws before queueing anything it would refuse. */
  submit(input: ExperimentConfigInput = {}): RunRecord {
    if (this.#closed) throw new QueueClosedError();
    const config = parseConfig(input);
    if (config.workers > this.limits.maxWorkers) throw new WorkerLimitError(config.workers, this.limits.maxWorkers);
    const total = config.workers * config.iterations * config.trials;
    if (total > this.limits.maxTotalIncrements) throw new IncrementBudgetError(total, this.limits.maxTotalIncrements);
    // With nothing running, the run starts at once and never waits: even `maxQueuedRuns: 0` accepts it.
    const mustWait = this.#active !== undefined;
    if (mustWait && this.#waiting.length >= this.limits.maxQueuedRuns) {
      throw new QueueFullError(this.limits.maxQueuedRuns, this.limits.retryAfterSeconds);
    }
    const record = new RunRecord(randomUUID(), config);
    this.#runs.set(record.id, record);
    this.#waiting.push(record);
    this.#startNext();
    return record;
  }

  /** Runs waiting behind the running one: never more than `limits.maxQueuedRuns`. */
  get queuedCount(): number {
    return this.#waiting.length;
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
    this.#cancel(record, reason);
    await record.whenEnded;
    return record;
  }

  /** Cancels every run, stops every worker thread, and refuses new runs. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const record of [...this.#waiting]) this.#cancel(record, 'the server is shutting down');
    if (this.#active) this.#cancel(this.#active, 'the server is shutting down');
    await this.#active?.whenEnded;
    await this.runner.close();
  }

  #cancel(record: RunRecord, reason: string): void {
    const waitingAt = this.#waiting.indexOf(record);
    if (waitingAt === -1) {
      record.abort.abort(new Error(reason));
      return;
    }
    this.#waiting.splice(waitingAt, 1);
    record.end({
      status: 'cancelled',
      error: { code: 'cancelled', message: `the run was cancelled before it started: ${reason}` },
    });
    this.#forgetOldRuns();
  }

  #startNext(): void {
    if (this.#active || this.#closed) return;
    const next = this.#waiting.shift();
    if (!next) return;
    this.#active = next;
    void this.#execute(next).finally(() => {
      this.#active = undefined;
      this.#forgetOldRuns();
      this.#startNext();
    });
  }

  async #execute(record: RunRecord): Promise<void> {
    record.start();
    try {
      const result = await this.runner.run(record.config, {
        id: record.id,
        signal: record.abort.signal,
        timeoutMs: this.limits.runTimeoutMs,
        progressIntervalMs: this.limits.progressIntervalMs,
        onProgress: (snapshot) => record.reportProgress(snapshot),
      });
      record.end({ result });
    } catch (error) {
      if (error instanceof RunAbortedError) {
        record.end({ result: error.result });
      } else {
        const message = error instanceof Error ? error.message : String(error);
        record.end({ status: 'failed', error: { code: 'internal', message } });
      }
    }
  }

  /** Keeps memory bounded: drops the oldest finished runs past `maxHistory`. */
  #forgetOldRuns(): void {
    let excess = [...this.#runs.values()].filter((record) => record.ended).length - this.limits.maxHistory;
    for (const [id, record] of this.#runs) {
      if (excess <= 0) break;
      if (!record.ended) continue;
      this.#runs.delete(id);
      excess--;
    }
  }
}
