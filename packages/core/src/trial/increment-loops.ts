/**
 * The hot loops, one per strategy, each kept monomorphic so the JIT compiles it on its own.
 *
 * Work is done in chunks: after each chunk the worker publishes its completed count with
 * `Atomics.store` (that is the live telemetry the main thread samples) and checks the abort flag.
 * The store is also a full barrier, so the JIT cannot batch increments across chunks; within a
 * chunk, every increment of `none` is a real load and a real store of the shared `Int32Array`.
 *
 * The lock loops also measure how long each acquisition waited, for the trial's fairness figures
 * (`fairness.ts`): an acquisition whose first compare-and-swap takes the lock waited nothing and is
 * only counted; one that finds the lock taken is timed (two clock reads, paid only by acquisitions
 * that waited anyway: the mutex times them itself, in `stats.waitedMs`; the spinlock loop here).
 */

import type { Mutex } from '../lock/index.js';
import { cpuRelax } from '../shared/index.js';
import { newWaitHistogram, recordWait, type WaitHistogram } from './fairness-histogram.js';
import { ABORT, COUNTER, SPINLOCK, WORKER_COMPLETED } from './layout.js';

/** Increments between two telemetry updates. */
export const PROGRESS_CHUNK = 4096;

export interface LoopStats {
  completed: number;
  contended: number;
  waits: number;
  spins: number;
  /** Lock strategies: how long this worker's loop ran (its own clock), in ms. */
  activeMs?: number;
  /** Lock strategies: how long its acquisitions waited. */
  waitTimes?: WaitHistogram;
}

/** Spins of a spinlock waiter between two looks at the abort flag. */
const SPINS_PER_ABORT_CHECK = 1024;

export interface LoopTarget {
  /** The run's whole Int32 view: counter, lock words, control and telemetry lines. */
  readonly ints: Int32Array;
  /** Int32 index of this worker's telemetry line. */
  readonly slot: number;
  readonly iterations: number;
}

export function incrementUnsynchronized({ ints, slot, iterations }: LoopTarget): LoopStats {
  let done = 0;
  while (done < iterations) {
    const end = Math.min(done + PROGRESS_CHUNK, iterations);
    for (let i = done; i < end; i++) {
      // The race: another thread may write between this read and this write.
      ints[COUNTER] = (ints[COUNTER] as number) + 1;
    }
    done = end;
    Atomics.store(ints, slot + WORKER_COMPLETED, done);
    if (Atomics.load(ints, ABORT) !== 0) break;
  }
  return { completed: done, contended: 0, waits: 0, spins: 0 };
}

export function incrementWithMutex(target: LoopTarget, mutex: Mutex): LoopStats {
  const { contended, waits } = mutex.stats;
  const waitTimes = newWaitHistogram();
  const startedAt = performance.now();
  const completed = lockedIncrements(target, mutex, waitTimes);
  const activeMs = performance.now() - startedAt;
  const contendedNow = mutex.stats.contended - contended;
  waitTimes.immediate = completed - contendedNow;
  return { completed, contended: contendedNow, waits: mutex.stats.waits - waits, spins: 0, activeMs, waitTimes };
}

/**
 * The mutex loop alone. Kept apart from the stats bookkeeping around it: code that runs only after
 * the loop has no type feedback when V8 optimizes the loop (on-stack replacement), so reaching it
 * deoptimized the whole function, and the next trial started over in the interpreter (8 workers:
 * trials 2–4 at 22–31 M ops/s instead of ~45 M). An acquisition that found the lock taken shows
 * in the mutex's own stats (it timed its wait there); the others took it with one compare-and-swap.
 */
function lockedIncrements({ ints, slot, iterations }: LoopTarget, mutex: Mutex, waitTimes: WaitHistogram): number {
  const stats = mutex.stats;
  let waited = stats.waitedMs;
  let done = 0;
  while (done < iterations) {
    const end = Math.min(done + PROGRESS_CHUNK, iterations);
    for (let i = done; i < end; i++) {
      const contended = stats.contended;
      mutex.lock();
      ints[COUNTER] = (ints[COUNTER] as number) + 1;
      mutex.unlock();
      if (stats.contended !== contended) {
        recordWait(waitTimes, (stats.waitedMs - waited) * 1e6);
        waited = stats.waitedMs;
      }
    }
    done = end;
    Atomics.store(ints, slot + WORKER_COMPLETED, done);
    if (Atomics.load(ints, ABORT) !== 0) break;
  }
  return done;
}

/**
 * Test-and-test-and-set. A waiter looks at the abort flag as it spins: if the holder died, the
 * run is stopped and the waiter leaves at once instead of spinning until it is terminated.
 */
export function incrementWithSpinlock({ ints, slot, iterations }: LoopTarget): LoopStats {
  const waitTimes = newWaitHistogram();
  const startedAt = performance.now();
  let spins = 0;
  let contended = 0;
  let done = 0;
  let aborted = false;
  outer: while (done < iterations) {
    const end = Math.min(done + PROGRESS_CHUNK, iterations);
    for (let i = done; i < end; i++) {
      if (Atomics.compareExchange(ints, SPINLOCK, 0, 1) === 0) {
        ints[COUNTER] = (ints[COUNTER] as number) + 1;
        Atomics.store(ints, SPINLOCK, 0);
        continue;
      }
      contended++;
      const since = performance.now();
      // Spin on a load so waiting threads do not bounce the line.
      do {
        do {
          spins++;
          cpuRelax();
          if (spins % SPINS_PER_ABORT_CHECK === 0 && Atomics.load(ints, ABORT) !== 0) {
            done = i;
            contended--;
            aborted = true;
            break outer;
          }
        } while (Atomics.load(ints, SPINLOCK) !== 0);
      } while (Atomics.compareExchange(ints, SPINLOCK, 0, 1) !== 0);
      ints[COUNTER] = (ints[COUNTER] as number) + 1;
      Atomics.store(ints, SPINLOCK, 0);
      recordWait(waitTimes, (performance.now() - since) * 1e6);
    }
    done = end;
    Atomics.store(ints, slot + WORKER_COMPLETED, done);
    if (Atomics.load(ints, ABORT) !== 0) break;
  }
  if (aborted) Atomics.store(ints, slot + WORKER_COMPLETED, done);
  waitTimes.immediate = done - contended;
  const activeMs = performance.now() - startedAt;
  return { completed: done, contended, waits: 0, spins, activeMs, waitTimes };
}

export function incrementAtomically({ ints, slot, iterations }: LoopTarget): LoopStats {
  let done = 0;
  while (done < iterations) {
    const end = Math.min(done + PROGRESS_CHUNK, iterations);
    for (let i = done; i < end; i++) {
      Atomics.add(ints, COUNTER, 1);
    }
    done = end;
    Atomics.store(ints, slot + WORKER_COMPLETED, done);
    if (Atomics.load(ints, ABORT) !== 0) break;
  }
  return { completed: done, contended: 0, waits: 0, spins: 0 };
}
