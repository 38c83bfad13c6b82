/**
 * One run on a set of pooled workers: hand them the run's shared memory, then per trial gather
 * them at the start barrier, open it, sample their progress, and collect their results. Any
 * failure (abort, timeout, a worker that dies) stops every worker of the run; workers that do not
 * stop within a grace period are terminated, so no thread outlives a run that went wrong.
 */
import type { ExperimentConfig, ExperimentResult, RunWarning, TrialResult } from '@racelab/schema';
import { monotonicMs } from '../shared/index.js';
import type { PooledWorker, WorkerPool } from '../threads/index.js';
import type { LoopStats, RunCommand } from '../trial/index.js';
import {
  ABORT,
  ARRIVED,
  armFault,
  COUNTER,
  createRunLayout,
  createTraceLog,
  GENERATION,
  type RunLayout,
  runMutex,
  WORKER_COMPLETED,
  WORKER_MUTEX_TOKEN,
  workerSlot,
} from '../trial/index.js';
import { currentEnvironment } from './environment.js';
import { RunAbortedError } from './errors.js';
import { faultPlanOf } from './fault-option.js';
import { Latch } from './latch.js';
import { MAX_TIMER_MS, startProgressSampler } from './progress-sampler.js';
import {
  cancelledBy,
  howItEnded,
  progressCallbackFailed,
  type RunFailure,
  timedOut,
  workerDied,
} from './run-failure.js';
import { DEFAULT_PROGRESS_INTERVAL_MS, type RunOptions } from './run-options.js';
import { abortedBeforeStart, resultOf, trialResult } from './run-result.js';
import { traceProbeOf } from './trace-probe.js';
import { traceTrial } from './trace-trial.js';

/** How long workers asked to leave a failed run get to park themselves before they are terminated. */
const LEAVE_GRACE_MS = 250;

/** Runs `config` on workers from `pool`. The options were checked by the caller. */
export async function executeRun(
  pool: WorkerPool,
  config: ExperimentConfig,
  options: RunOptions = {},
): Promise<ExperimentResult> {
  const id = options.id ?? crypto.randomUUID();
  if (options.signal?.aborted) {
    throw abortedBeforeStart(
      config,
      options.signal.reason,
      currentEnvironment(pool.availableParallelism, pool.cpuModel),
      id,
    );
  }
  const startedAt = new Date();
  const layout = createRunLayout(config.workers);
  const { ints } = layout;
  const ready = Array.from({ length: config.trials }, () => new Latch<true>(config.workers));
  const done = Array.from({ length: config.trials }, () => new Latch<LoopStats>(config.workers));
  const left = new Latch<true>(config.workers);
  const warnings: RunWarning[] = [];
  const trials: TrialResult[] = [];
  let failure: RunFailure | undefined;

  /** Ends the run early: raises the abort flag, opens the barrier, and wakes whoever awaits a trial. */
  const fail = (reason: RunFailure) => {
    if (failure) return;
    failure = reason;
    Atomics.store(ints, ABORT, 1);
    Atomics.store(ints, GENERATION, -1);
    Atomics.notify(ints, GENERATION);
    for (const latch of [...ready, ...done]) latch.break(reason);
  };

  const traceLog = config.trace ? createTraceLog(config.workers, config.iterations) : undefined;
  const traceProbe = traceProbeOf(options);
  const mutex = runMutex(layout);
  const faultPlan = faultPlanOf(options);
  const fault = armFault(faultPlan, mutex);
  let readySince = monotonicMs();
  const workers = pool.acquire(config.workers);
  workers.forEach((worker, index) => {
    worker.listener = {
      message(message) {
        if (message.type === 'ready') ready[message.trial]?.arrive(index, true);
        else if (message.type === 'done') done[message.trial]?.arrive(index, message.stats);
        else if (message.type === 'fault') fault.announced(() => worker.terminate());
        else left.arrive(index, true);
      },
      ended(error, exitCode) {
        left.arrive(index, true);
        // Every result of this worker is in: the run can still complete, and says so.
        if (done[config.trials - 1]?.values[index] !== undefined) {
          const message = `worker ${index} ${howItEnded(error, exitCode)} after reporting its results`;
          warnings.push({ code: 'worker_exited_late', message });
          return;
        }
        // The token the worker published before it could take the lock (0: it never got that far).
        const token = Atomics.load(ints, workerSlot(index) + WORKER_MUTEX_TOKEN);
        fail(workerDied(index, error, exitCode, token !== 0 && mutex.owner === token));
        // With the abort flag up, free a lock the dead worker held (and wake every parked waiter): they
        // can then leave the run on their own and stay warm, instead of being terminated after the grace.
        if (token !== 0) mutex.releaseAbandoned(token);
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
      gate: Math.min(config.workers, pool.availableParallelism),
      ...(traceLog ? { traceLog } : {}),
      ...(faultPlan ? { fault: faultPlan } : {}),
    };
    worker.post(command);
  });

  const onAbort = () => fail(cancelledBy(options.signal?.reason));
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const { timeoutMs } = options;
  const timeout =
    timeoutMs === undefined || timeoutMs > MAX_TIMER_MS
      ? undefined
      : setTimeout(() => fail(timedOut(timeoutMs)), timeoutMs);

  try {
    for (let trial = 0; trial < config.trials; trial++) {
      await ready[trial]?.promise;
      const spawnMs = monotonicMs() - readySince;
      resetTrial(layout);
      if (trial === 0) fault.beforeStart();
      const openedAt = monotonicMs();
      Atomics.store(ints, GENERATION, trial + 1);
      Atomics.notify(ints, GENERATION);
      const sampler = startProgressSampler({
        runId: id,
        config,
        layout,
        trial,
        openedAt,
        onProgress: options.onProgress,
        intervalMs: options.progressIntervalMs ?? DEFAULT_PROGRESS_INTERVAL_MS,
        onError: (error) => fail(progressCallbackFailed(error)),
      });
      let stats: LoopStats[];
      try {
        stats = await (done[trial] as Latch<LoopStats>).promise;
      } finally {
        sampler.end(failure === undefined);
      }
      const result = trialResult(config, layout, stats, spawnMs, openedAt);
      // A trace that does not add up is a bug: the trial is kept without it, and the run fails saying so.
      const mismatch = traceLog && traceTrial(traceLog, config, trial, stats, result, traceProbe);
      if (mismatch) fail(mismatch);
      trials.push(result);
      // After the analysis: workers already waiting at the next barrier are not slow to get ready.
      readySince = monotonicMs();
    }
  } catch (error) {
    if (error !== failure) throw error;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    clearTimeout(timeout);
  }

  await returnWorkers(pool, workers, left, failure !== undefined);
  const environment = currentEnvironment(pool.availableParallelism, pool.cpuModel);
  const result = resultOf({ id, config, trials, startedAt, environment, failure, warnings });
  if (failure?.code === 'cancelled') throw new RunAbortedError(result, { cause: failure.reason });
  return result;
}

function resetTrial(layout: RunLayout): void {
  Atomics.store(layout.ints, COUNTER, 0);
  Atomics.store(layout.ints, ARRIVED, 0);
  for (let index = 0; index < layout.workers; index++) {
    Atomics.store(layout.ints, workerSlot(index) + WORKER_COMPLETED, 0);
  }
}

/** Workers that left the run go back to the pool; after a failure, the others are terminated. */
async function returnWorkers(
  pool: WorkerPool,
  workers: PooledWorker[],
  left: Latch<true>,
  failed: boolean,
): Promise<void> {
  if (failed) {
    let grace: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      left.promise,
      new Promise((resolve) => {
        grace = setTimeout(resolve, LEAVE_GRACE_MS);
      }),
    ]);
    clearTimeout(grace);
  } else {
    await left.promise;
  }
  const stuck = workers.filter((_, index) => left.values[index] === undefined);
  await pool.terminate(stuck);
  pool.release(workers.filter((worker) => !stuck.includes(worker)));
}
