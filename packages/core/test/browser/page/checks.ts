/**
 * The checks the browser suite drives: they import @racelab/core the way a bundled app does, and
 * main.ts puts one function per check on `window.racelab`, each resolving to plain JSON.
 */
import { ExperimentRunner, Mutex, RunAbortedError, runExperiment } from '@racelab/core';

async function seed() {
  const result = await runExperiment({ strategy: 'mutex' });
  return { status: result.status, actual: result.trials[0]?.actual, environment: result.environment };
}

async function race(trials: number) {
  const runner = new ExperimentRunner();
  try {
    const result = await runner.run({ strategy: 'none', workers: 10, iterations: 1_000_000, trials });
    return { expected: result.expected, actuals: result.trials.map((trial) => trial.actual) };
  } finally {
    await runner.close();
  }
}

/** Web Workers lock the mutex with `lock()`; the page takes it with `lockAsync` at the same time. */
async function sharedMutex(workers: number, increments: number, pageIncrements: number) {
  const mutex = new Mutex();
  const counter = new Int32Array(new SharedArrayBuffer(4));
  const threads = Array.from(
    { length: workers },
    () => new Worker(new URL('./mutex-worker.ts', import.meta.url), { type: 'module' }),
  );
  const finished = threads.map(
    (thread) =>
      new Promise<void>((resolve, reject) => {
        thread.onmessage = () => resolve();
        thread.onerror = (event) => reject(new Error(event.message));
      }),
  );
  for (const thread of threads) thread.postMessage({ handle: mutex.handle, counter, increments });
  let waited = 0;
  for (let index = 0; index < pageIncrements; index++) {
    await mutex.lockAsync({ timeoutMs: 30_000 });
    const before = counter[0] as number;
    // Yield while holding the lock: the workers must wait for the page, not trample its update.
    if (index % 50 === 0) {
      waited++;
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    counter[0] = before + 1;
    mutex.unlock();
  }
  await Promise.all(finished);
  for (const thread of threads) thread.terminate();
  return {
    total: counter[0],
    expected: workers * increments + pageIncrements,
    waited,
    locked: mutex.isLocked,
    parking: parking(),
  };
}

function mainThreadLock() {
  const mutex = new Mutex();
  try {
    mutex.lock();
    return { threw: false, name: '', message: '' };
  } catch (error) {
    return { threw: true, name: (error as Error).name, message: (error as Error).message };
  }
}

async function abortMidRun() {
  const runner = new ExperimentRunner();
  const controller = new AbortController();
  const error = await runner
    .run(
      { strategy: 'spinlock', workers: 8, iterations: 50_000_000 },
      { signal: controller.signal, onProgress: () => controller.abort(new Error('stop')) },
    )
    .catch((caught: unknown) => caught);
  const threadsAfterRun = runner.threads;
  await runner.close();
  return {
    aborted: error instanceof RunAbortedError,
    status: error instanceof RunAbortedError ? error.result.status : String(error),
    threadsAfterRun,
    threadsAfterClose: runner.threads,
  };
}

/** How the core's `lockAsync` parks here: the same probe the core makes when it loads. */
function parking() {
  return typeof Atomics.waitAsync === 'function' ? 'waitAsync' : 'polling';
}

/** A traced run in Web Workers: each trial's trace, reduced to what the test checks. */
async function tracedRace(strategy: 'none' | 'mutex', trials: number) {
  const result = await runExperiment({ strategy, workers: 4, iterations: 250_000, trials, trace: true });
  return {
    status: result.status,
    trials: result.trials.map((trial) => ({
      lostUpdates: trial.lostUpdates,
      repeatedReads: trial.trace?.repeatedReads,
      readsAboveFinal: trial.trace?.readsAboveFinal,
      rollbacks: trial.trace?.rollbacks.count,
      views: trial.trace?.views?.length,
    })),
  };
}

export const checks = { parking, seed, race, tracedRace, sharedMutex, mainThreadLock, abortMidRun };
