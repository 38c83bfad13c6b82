import type { ExperimentConfigInput, ExperimentResult } from '@racelab/schema';
import { parseConfig } from './config.js';
import { RunnerClosedError } from './errors.js';
import { abortedBeforeStart, executeRun, type RunOptions } from './run-session.js';
import { WorkerPool, type WorkerPoolOptions } from './worker-pool.js';

export type ExperimentRunnerOptions = WorkerPoolOptions;

/**
 * A long-lived runner: its worker threads survive between runs, so a rerun skips thread start-up.
 * Runs execute one at a time, in call order. Close it with `close()` or `await using`.
 */
export class ExperimentRunner implements AsyncDisposable {
  readonly #pool: WorkerPool;
  readonly #closing = new AbortController();
  #tail: Promise<unknown> = Promise.resolve();

  constructor(options: ExperimentRunnerOptions = {}) {
    this.#pool = new WorkerPool(options);
  }

  /** Worker threads alive right now (idle or running). 0 after `close()`. */
  get threads(): number {
    return this.#pool.size;
  }

  /** Threads alive and waiting for a run. Between runs this equals `threads`: no thread is left busy. */
  get idleThreads(): number {
    return this.#pool.idle;
  }

  get closed(): boolean {
    return this.#closing.signal.aborted;
  }

  /**
   * Runs an experiment. Rejects with a `ConfigError` for an invalid config, with a `RunAbortedError`
   * when `signal` aborts; a run that fails (a worker died, a timeout) resolves with status `failed`.
   */
  run(config: ExperimentConfigInput = {}, options: RunOptions = {}): Promise<ExperimentResult> {
    if (this.closed) return Promise.reject(new RunnerClosedError());
    let parsed: ReturnType<typeof parseConfig>;
    try {
      parsed = parseConfig(config);
    } catch (error) {
      return Promise.reject(error);
    }
    const signal = options.signal ? AbortSignal.any([options.signal, this.#closing.signal]) : this.#closing.signal;
    let started = false;
    const next = this.#tail.then(() => {
      started = true;
      if (this.closed) throw new RunnerClosedError();
      // A run aborted while it waited has already been rejected: it never starts.
      if (!signal.aborted) options.onStart?.();
      return executeRun(this.#pool, parsed, { ...options, signal });
    });
    this.#tail = next.catch(() => {});
    const own = options.signal;
    if (!own) return next;
    // Still queued when it aborts: reject now (it will never start), not when the runs ahead end.
    return new Promise<ExperimentResult>((resolve, reject) => {
      const onAbort = () => {
        if (!started) reject(abortedBeforeStart(parsed, own.reason, options.id));
      };
      own.addEventListener('abort', onAbort, { once: true });
      if (own.aborted) onAbort();
      next.then(resolve, reject).finally(() => own.removeEventListener('abort', onAbort));
    });
  }

  /** Starts `count` workers ahead of the first run, so that even it pays no spawn time. */
  async warm(count: number): Promise<void> {
    await this.run({ strategy: 'atomic', workers: count, iterations: 1 });
  }

  /** Cancels the running and queued runs and ends every worker thread. */
  async close(): Promise<void> {
    if (!this.closed) this.#closing.abort(new RunnerClosedError());
    await this.#tail;
    await this.#pool.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

/** One-shot: runs one experiment on fresh threads and ends them. */
export async function runExperiment(
  config: ExperimentConfigInput = {},
  options: RunOptions = {},
): Promise<ExperimentResult> {
  const runner = new ExperimentRunner();
  try {
    return await runner.run(config, options);
  } finally {
    await runner.close();
  }
}
