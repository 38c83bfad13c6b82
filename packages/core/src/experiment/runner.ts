import type { ExperimentConfigInput, ExperimentResult } from '@racelab/schema';
import { WorkerPool, type WorkerPoolOptions } from '../threads/index.js';
import { parseConfig } from './config.js';
import { currentEnvironment } from './environment.js';
import { RunnerClosedError } from './errors.js';
import { checkRunOptions, type RunOptions } from './run-options.js';
import { abortedBeforeStart } from './run-result.js';
import { executeRun } from './run-session.js';

export type ExperimentRunnerOptions = WorkerPoolOptions;

/**
 * A long-lived runner: its worker threads survive between runs, so a rerun skips thread start-up.
 * Runs execute one at a time, in call order. Close it with `close()` or `await using`.
 */
export class ExperimentRunner implements AsyncDisposable {
  readonly #pool: WorkerPool;
  /** One controller per queued or running run: `close()` aborts them, and each is dropped when its run ends. */
  readonly #runs = new Set<AbortController>();
  #closed = false;
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
    return this.#closed;
  }

  /**
   * Runs an experiment. Rejects with a `ConfigError` for an invalid config, a `RangeError` or
   * `TypeError` for an invalid option, and a `RunAbortedError` when `signal` aborts; a run that fails
   * (a worker died, a timeout) resolves with status `failed`.
   */
  run(config: ExperimentConfigInput = {}, options: RunOptions = {}): Promise<ExperimentResult> {
    if (this.#closed) return Promise.reject(new RunnerClosedError());
    let parsed: ReturnType<typeof parseConfig>;
    try {
      parsed = parseConfig(config);
      checkRunOptions(options);
    } catch (error) {
      return Promise.reject(error);
    }
    const own = options.signal;
    const run = new AbortController();
    const abortRun = () => run.abort(own?.reason);
    own?.addEventListener('abort', abortRun, { once: true });
    if (own?.aborted) abortRun();
    this.#runs.add(run);
    let started = false;
    const next = this.#tail.then(() => {
      started = true;
      if (this.#closed) throw new RunnerClosedError();
      // A run aborted while it waited has already been rejected: it never starts.
      if (!run.signal.aborted) options.onStart?.();
      return executeRun(this.#pool, parsed, { ...options, signal: run.signal });
    });
    const settled = next.finally(() => {
      own?.removeEventListener('abort', abortRun);
      this.#runs.delete(run);
    });
    this.#tail = settled.catch(() => {});
    if (!own) return settled;
    // Still queued when its signal aborts: reject now (it will never start), not when the runs ahead
    // end. (Runs queued when the runner closes reject in their turn, with a RunnerClosedError.)
    return new Promise<ExperimentResult>((resolve, reject) => {
      const onAbort = () => {
        if (!started) reject(this.#abortedBeforeStart(parsed, own.reason, options.id));
      };
      own.addEventListener('abort', onAbort, { once: true });
      if (own.aborted) onAbort();
      settled.then(resolve, reject).finally(() => own.removeEventListener('abort', onAbort));
    });
  }

  /** Starts `count` workers ahead of the first run, so that even it pays no spawn time. */
  async warm(count: number): Promise<void> {
    await this.run({ strategy: 'atomic', workers: count, iterations: 1 });
  }

  /** Cancels the running and queued runs and ends every worker thread. */
  async close(): Promise<void> {
    if (!this.#closed) {
      this.#closed = true;
      const reason = new RunnerClosedError();
      for (const run of this.#runs) run.abort(reason);
    }
    await this.#tail;
    await this.#pool.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  #abortedBeforeStart(config: ReturnType<typeof parseConfig>, reason: unknown, id: string | undefined) {
    return abortedBeforeStart(
      config,
      reason,
      currentEnvironment(this.#pool.availableParallelism, this.#pool.cpuModel),
      id,
    );
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
