/**
 * The increment loops of a traced run: the same as `increment-loops.ts`, plus one store per
 * increment of the value this worker read into its own log. Separate functions, so the untraced
 * loops stay exactly as they were (no branch on tracing in their hot path).
 *
 * In `tracedUnsynchronized` the log store sits between the read and the write of the counter: it
 * cannot merge them (the JIT cannot prove the log and the counter are different memory, both
 * being views of shared buffers, so the counter is written from the value read, never re-read), and
 * it only widens the window in which another thread's write is lost. The bench checks that the
 * traced race still loses updates in nearly every trial.
 */

import type { Mutex } from '../lock/index.js';
import { cpuRelax } from '../shared/index.js';
import { newWaitHistogram, recordWait, type WaitHistogram } from './fairness-histogram.js';
import { type LoopStats, type LoopTarget, PROGRESS_CHUNK } from './increment-loops.js';
import { ABORT, COUNTER, SPINLOCK, WORKER_COMPLETED } from './layout.js';

/** Spins of a spinlock waiter between two looks at the abort flag. */
const SPINS_PER_ABORT_CHECK = 1024;

export function tracedUnsynchronized({ ints, slot, iterations }: LoopTarget, log: Int32Array): LoopStats {
  let done = 0;
  while (done < iterations) {
    const end = Math.min(done + PROGRESS_CHUNK, iterations);
    for (let i = done; i < end; i++) {
      const seen = ints[COUNTER] as number;
      log[i] = seen;
      ints[COUNTER] = seen + 1;
    }
    done = end;
    Atomics.store(ints, slot + WORKER_COMPLETED, done);
    if (Atomics.load(ints, ABORT) !== 0) break;
  }
  return { completed: done, contended: 0, waits: 0, spins: 0 };
}

export function tracedAtomic({ ints, slot, iterations }: LoopTarget, log: Int32Array): LoopStats {
  let done = 0;
  while (done < iterations) {
    const end = Math.min(done + PROGRESS_CHUNK, iterations);
    for (let i = done; i < end; i++) {
      log[i] = Atomics.add(ints, COUNTER, 1);
    }
    done = end;
    Atomics.store(ints, slot + WORKER_COMPLETED, done);
    if (Atomics.load(ints, ABORT) !== 0) break;
  }
  return { completed: done, contended: 0, waits: 0, spins: 0 };
}

export function tracedMutex(target: LoopTarget, mutex: Mutex, log: Int32Array): LoopStats {
  const { contended, waits } = mutex.stats;
  const waitTimes = newWaitHistogram();
  const startedAt = performance.now();
  const completed = tracedLockedIncrements(target, mutex, waitTimes, log);
  const activeMs = performance.now() - startedAt;
  const contendedNow = mutex.stats.contended - contended;
  waitTimes.immediate = completed - contendedNow;
  return { completed, contended: contendedNow, waits: mutex.stats.waits - waits, spins: 0, activeMs, waitTimes };
}

/** Apart from its bookkeeping for the reason `lockedIncrements` is (see increment-loops.ts). */
function tracedLockedIncrements(
  { ints, slot, iterations }: LoopTarget,
  mutex: Mutex,
  waitTimes: WaitHistogram,
  log: Int32Array,
): number {
  const stats = mutex.stats;
  let waited = stats.waitedMs;
  let done = 0;
  while (done < iterations) {
    const end = Math.min(done + PROGRESS_CHUNK, iterations);
    for (let i = done; i < end; i++) {
      const contended = stats.contended;
      mutex.lock();
      const seen = ints[COUNTER] as number;
      log[i] = seen;
      ints[COUNTER] = seen + 1;
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

/** Test-and-test-and-set, as `incrementWithSpinlock`, logging the value read under the lock. */
export function tracedSpinlock({ ints, slot, iterations }: LoopTarget, log: Int32Array): LoopStats {
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
        const seen = ints[COUNTER] as number;
        log[i] = seen;
        ints[COUNTER] = seen + 1;
        Atomics.store(ints, SPINLOCK, 0);
        continue;
      }
      contended++;
      const since = performance.now();
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
      const seen = ints[COUNTER] as number;
      log[i] = seen;
      ints[COUNTER] = seen + 1;
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
