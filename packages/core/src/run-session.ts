/**
 * One run on a set of pooled workers: hand them the run's shared memory, then per trial gather
 * them at the start barrier, open it, sample their telemetry, and collect their results. Any
 * failure (abort, timeout, a worker that dies) stops every worker of the run; workers that do not
 * stop within a grace period are terminated, so no thread outlives a run that went wrong.
 */
import { randomUUID } from 'node:crypto';
import {
  type ExperimentConfig,
  type ExperimentResult,
  ExperimentResultSchema,
  expectedTotal,
  type ProgressSnapshot,
  type RunError,
  type RunErrorCode,
  type TrialResult,
} from '@racelab/schema';
import { monotonicMs } from './clock.js';
import { currentEnvironment } from './environment.js';
import { RunAbortedError } from './errors.js';
import { armFault, type FaultPlan } from './faults.js';
import type { LoopStats } from './increment-loops.js';
import { Latch } from './latch.js';
import {
  ABORT,
  ARRIVED,
  COUNTER,
  createRunLayout,
  GENERATION,
  MUTEX_BYTE_OFFSET,
  type RunLayout,
  runMutex,
  WORKER_COMPLETED,
  workerSlot,
} from './layout.js';
import type { RunCommand } from './protocol.js';
import { summarize } from './statistics.js';
import type { PooledWorker, WorkerPool } from './worker-pool.js';

export interface RunOptions {
  /** Aborting stops every worker; the promise rejects with a `RunAbortedError` (name `AbortError`). */
  signal?: AbortSignal;
  /** Live samples of the shared counter and each worker's progress, read from shared memory. */
  onProgress?: (snapshot: ProgressSnapshot) => void;
  /** Milliseconds between two `onProgress` calls. Default 50 (20 Hz); at least 10. */
  progressIntervalMs?: number;
  /**
   * A run still going after this many milliseconds is stopped and ends `failed` with code `timeout`.
   * `Infinity`, or anything past a timer's range (2^31 − 1 ms, ~24.8 days), means no limit.
   */
  timeoutMs?: number;
  /** The run's id, a non-empty string; a random UUID by default. */
  id?: string;
  /**
   * Called once when the run leaves an `ExperimentRunner`'s queue and starts taking workers; never
   * for a run cancelled while queued. Lets a front end tell `queued` from `running`.
   */
  onStart?: () => void;
  /** @internal Makes one worker fail on purpose, for fault-handling tests. */
  fault?: FaultPlan;
}

/** How long stopped workers get to park themselves before they are terminated. */
const STOP_GRACE_MS = 250;
const DEFAULT_PROGRESS_INTERVAL_MS = 50;
const MIN_PROGRESS_INTERVAL_MS = 10;
/** The longest delay `setTimeout` honours; a longer one fires after 1 ms. */
const MAX_TIMER_MS = 2 ** 31 - 1;

class RunStop extends Error {
  constructor(
    readonly code: RunErrorCode,
    message: string,
    readonly reason?: unknown,
  ) {
    super(message);
  }
}

export async function executeRun(
  pool: WorkerPool,
  config: ExperimentConfig,
  options: RunOptions = {},
): Promise<ExperimentResult> {
  const id = options.id ?? randomUUID();
  if (typeof id !== 'string' || id.length === 0) throw new TypeError('a run id must be a non-empty string');
  const startedAt = new Date();
  const expected = expectedTotal(config);
  const layout = createRunLayout(config.workers);
  const { ints, times } = layout;
  const ready = Array.from({ length: config.trials }, () => new Latch<true>(config.workers));
  const done = Array.from({ length: config.trials }, () => new Latch<LoopStats>(config.workers));
  const stopped = new Latch<true>(config.workers);
  const trials: TrialResult[] = [];
  let stop: RunStop | undefined;

  const halt = (reason: RunStop) => {
    if (stop) return;
    stop = reason;
    Atomics.store(ints, ABORT, 1);
    Atomics.store(ints, GENERATION, -1);
    Atomics.notify(ints, GENERATION);
    for (const latch of [...ready, ...done]) latch.break(reason);
  };

  if (options.signal?.aborted) throw abortedBeforeStart(config, options.signal.reason, id);
  const mutex = runMutex(layout);
  const fault = armFault(options.fault, mutex);
  let readySince = monotonicMs();
  const workers = pool.acquire(config.workers);
  workers.forEach((worker, index) => {
    worker.listener = {
      message(message) {
        if (message.type === 'ready') ready[message.trial]?.arrive(index, true);
        else if (message.type === 'done') done[message.trial]?.arrive(index, message.stats);
        else if (message.type === 'fault') fault.announced(() => worker.terminate());
        else stopped.arrive(index, true);
      },
      ended(error, exitCode) {
        stopped.arrive(index, true);
        halt(deathOf(index, worker, error, exitCode, layout));
        // With the abort flag up, free a lock the dead worker held: the workers parked on it can
        // then stop on their own and stay warm, instead of being terminated after the grace period.
        mutex.releaseAbandoned(worker.threadId);
      },
    };
    const command: RunCommand = {
      type: 'run',
      buffer: layout.buffer,
      workers: config.workers,
      index,
      strategy: config.strategy,
      iterations: config.iterations,
      trials: config.trials,
      ...(options.fault ? { fault: options.fault } : {}),
    };
    worker.thread.postMessage(command);
  });

  const onAbort = () => {
    const reason = options.signal?.reason;
    halt(cancelledBy(reason));
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const timeout =
    options.timeoutMs === undefined || !(options.timeoutMs <= MAX_TIMER_MS)
      ? undefined
      : setTimeout(
          () => halt(new RunStop('timeout', `the run took longer than its limit of ${options.timeoutMs} ms`)),
          options.timeoutMs,
        );

  try {
    for (let trial = 0; trial < config.trials; trial++) {
      await ready[trial]?.promise;
      const spawnMs = monotonicMs() - readySince;
      Atomics.store(ints, COUNTER, 0);
      Atomics.store(ints, ARRIVED, 0);
      for (let index = 0; index < config.workers; index++) {
        Atomics.store(ints, workerSlot(index) + WORKER_COMPLETED, 0);
      }
      if (trial === 0) fault.beforeStart();
      const openedAt = monotonicMs();
      Atomics.store(ints, GENERATION, trial + 1);
      Atomics.notify(ints, GENERATION);
      const sampler = startSampler(
        options,
        (final) => {
          const snapshot = sample(id, config, layout, trial, openedAt, expected);
          if (final)
            snapshot.elapsedMs = Math.max(...workers.map((_, index) => (times[2 * index + 1] ?? 0) - openedAt));
          return snapshot;
        },
        halt,
      );
      let stats: LoopStats[];
      try {
        stats = await (done[trial] as Latch<LoopStats>).promise;
      } finally {
        sampler.stop(stop === undefined);
      }
      readySince = monotonicMs();
      trials.push(trialResult(config, layout, expected, stats, spawnMs, openedAt));
    }
  } catch (error) {
    if (!(error instanceof RunStop)) throw error;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    clearTimeout(timeout);
  }

  await windDown(pool, workers, stopped, stop !== undefined);
  const result = resultOf(id, config, trials, startedAt, stop);
  if (stop?.code === 'cancelled') throw new RunAbortedError(result, { cause: stop.reason });
  return result;
}

/**
 * A run aborted before any worker started (already aborted, or while it waited in the queue):
 * the same `RunAbortedError` an abort mid-run gives, carrying a cancelled result with no trials.
 */
export function abortedBeforeStart(config: ExperimentConfig, reason: unknown, id?: string): RunAbortedError {
  const result = resultOf(id || randomUUID(), config, [], new Date(), cancelledBy(reason));
  return new RunAbortedError(result, { cause: reason });
}

/** The result of a run, validated against the schema. */
function resultOf(
  id: string,
  config: ExperimentConfig,
  trials: TrialResult[],
  startedAt: Date,
  stop: RunStop | undefined,
): ExperimentResult {
  return ExperimentResultSchema.parse({
    id,
    status: stop === undefined ? 'completed' : stop.code === 'cancelled' ? 'cancelled' : 'failed',
    config,
    expected: expectedTotal(config),
    trials,
    summary: summarize(trials, config.trials),
    environment: currentEnvironment(),
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    ...(stop ? { error: { code: stop.code, message: stop.message } satisfies RunError } : {}),
  });
}

function cancelledBy(reason: unknown): RunStop {
  return new RunStop('cancelled', `the run was cancelled${reasonText(reason)}`, reason);
}

/** Workers that stopped go back to the pool; after a failure, the others are terminated. */
async function windDown(
  pool: WorkerPool,
  workers: PooledWorker[],
  stopped: Latch<true>,
  failed: boolean,
): Promise<void> {
  if (failed) {
    let grace: NodeJS.Timeout | undefined;
    await Promise.race([
      stopped.promise,
      new Promise((resolve) => {
        grace = setTimeout(resolve, STOP_GRACE_MS);
      }),
    ]);
    clearTimeout(grace);
  } else {
    await stopped.promise;
  }
  const stuck = workers.filter((_, index) => stopped.values[index] === undefined);
  await pool.terminate(stuck);
  pool.release(workers.filter((worker) => !stuck.includes(worker)));
}

function trialResult(
  config: ExperimentConfig,
  layout: RunLayout,
  expected: number,
  stats: LoopStats[],
  spawnMs: number,
  openedAt: number,
): TrialResult {
  const actual = Atomics.load(layout.ints, COUNTER);
  const workers = stats.map((worker, index) => ({
    index,
    increments: worker.completed,
    runMs: Math.max(0, (layout.times[2 * index + 1] ?? openedAt) - openedAt),
    ...(config.strategy === 'mutex' || config.strategy === 'spinlock' ? { contended: worker.contended } : {}),
    ...(config.strategy === 'mutex' ? { waits: worker.waits } : {}),
    ...(config.strategy === 'spinlock' ? { spins: worker.spins } : {}),
  }));
  const runMs = Math.max(...workers.map((worker) => worker.runMs));
  const increments = stats.reduce((sum, worker) => sum + worker.completed, 0);
  return {
    actual,
    lostUpdates: expected - actual,
    spawnMs,
    runMs,
    opsPerSecond: runMs > 0 ? increments / (runMs / 1000) : 0,
    workers,
  };
}

function sample(
  runId: string,
  config: ExperimentConfig,
  layout: RunLayout,
  trial: number,
  openedAt: number,
  expected: number,
): ProgressSnapshot {
  const perWorker = Array.from({ length: config.workers }, (_, index) =>
    Atomics.load(layout.ints, workerSlot(index) + WORKER_COMPLETED),
  );
  return {
    runId,
    strategy: config.strategy,
    elapsedMs: monotonicMs() - openedAt,
    trial,
    trials: config.trials,
    counter: Atomics.load(layout.ints, COUNTER),
    completed: perWorker.reduce((sum, count) => sum + count, 0),
    expected,
    workers: perWorker,
  };
}

interface Sampler {
  /** Stops sampling; with `final`, reports one last snapshot of the finished trial. */
  stop(final: boolean): void;
}

function startSampler(
  options: RunOptions,
  take: (final: boolean) => ProgressSnapshot,
  halt: (reason: RunStop) => void,
): Sampler {
  const { onProgress } = options;
  if (!onProgress) return { stop() {} };
  const fail = (error: unknown) =>
    halt(new RunStop('internal', `onProgress threw: ${error instanceof Error ? error.message : String(error)}`));
  const report = (final: boolean) => {
    try {
      // An async callback's rejection fails the run too, rather than going unhandled.
      const returned: unknown = onProgress(take(final));
      if (returned instanceof Promise) returned.catch(fail);
    } catch (error) {
      fail(error);
    }
  };
  const asked = options.progressIntervalMs ?? DEFAULT_PROGRESS_INTERVAL_MS;
  // Clamped into the range a timer honours: past it (or NaN) setInterval would fire every 1 ms.
  const interval = Number.isNaN(asked)
    ? DEFAULT_PROGRESS_INTERVAL_MS
    : Math.min(MAX_TIMER_MS, Math.max(MIN_PROGRESS_INTERVAL_MS, asked));
  const timer = setInterval(() => report(false), interval);
  return {
    stop(final) {
      clearInterval(timer);
      if (final) report(true);
    },
  };
}

function deathOf(
  index: number,
  worker: PooledWorker,
  error: Error | undefined,
  exitCode: number,
  layout: RunLayout,
): RunStop {
  const ownerWord = Atomics.load(layout.ints, MUTEX_BYTE_OFFSET / Int32Array.BYTES_PER_ELEMENT + 1);
  const how = error ? `threw: ${error.message}` : `exited with code ${exitCode}`;
  if (ownerWord === worker.threadId + 1) {
    return new RunStop(
      'lock_owner_died',
      `worker ${index} ${how} while holding the mutex; the runner released the lock and stopped the run`,
    );
  }
  return new RunStop(error ? 'worker_crashed' : 'worker_exited', `worker ${index} ${how}`);
}

function reasonText(reason: unknown): string {
  if (reason instanceof Error && reason.name !== 'AbortError') return `: ${reason.message}`;
  if (typeof reason === 'string') return `: ${reason}`;
  return '';
}
