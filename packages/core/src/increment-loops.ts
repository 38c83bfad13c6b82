/**
 * The hot loops, one per strategy, each kept monomorphic so the JIT compiles it on its own.
 *
 * Work is done in chunks: after each chunk the worker publishes its completed count with
 * `Atomics.store` (that is the live telemetry the main thread samples) and checks the abort flag.
 * The store is also a full barrier, so the JIT cannot batch increments across chunks; within a
 * chunk, every increment of `none` is a real load and a real store of the shared `Int32Array`.
 */
import { cpuRelax } from './cpu-relax.js';
import { ABORT, COUNTER, SPINLOCK, WORKER_COMPLETED } from './layout.js';
import type { Mutex } from './mutex.js';

/** Increments between two telemetry updates. */
export const PROGRESS_CHUNK = 4096;

export interface LoopStats {
  completed: number;
  contended: number;
  waits: number;
  spins: number;
}

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
  const completed = lockedIncrements(target, mutex);
  return { completed, contended: mutex.stats.contended - contended, waits: mutex.stats.waits - waits, spins: 0 };
}

/**
 * The mutex loop alone. Kept apart from the stats bookkeeping around it: code that runs only after
 * the loop has no type feedback when V8 optimizes the loop (on-stack replacement), so reaching it
 * deoptimized the whole function, and the next trial started over in the interpreter (8 workers:
 * trials 2–4 at 22–31 M ops/s instead of ~45 M).
 */
function lockedIncrements({ ints, slot, iterations }: LoopTarget, mutex: Mutex): number {
  let done = 0;
  while (done < iterations) {
    const end = Math.min(done + PROGRESS_CHUNK, iterations);
    for (let i = done; i < end; i++) {
      mutex.lock();
      ints[COUNTER] = (ints[COUNTER] as number) + 1;
      mutex.unlock();
    }
    done = end;
    Atomics.store(ints, slot + WORKER_COMPLETED, done);
    if (Atomics.load(ints, ABORT) !== 0) break;
  }
  return done;
}

export function incrementWithSpinlock({ ints, slot, iterations }: LoopTarget): LoopStats {
  let spins = 0;
  let contended = 0;
  let done = 0;
  while (done < iterations) {
    const end = Math.min(done + PROGRESS_CHUNK, iterations);
    for (let i = done; i < end; i++) {
      if (Atomics.compareExchange(ints, SPINLOCK, 0, 1) !== 0) {
        contended++;
        // Test-and-test-and-set: spin on a load so waiting threads do not bounce the line.
        do {
          do {
            spins++;
            cpuRelax();
          } while (Atomics.load(ints, SPINLOCK) !== 0);
        } while (Atomics.compareExchange(ints, SPINLOCK, 0, 1) !== 0);
      }
      ints[COUNTER] = (ints[COUNTER] as number) + 1;
      Atomics.store(ints, SPINLOCK, 0);
    }
    done = end;
    Atomics.store(ints, slot + WORKER_COMPLETED, done);
    if (Atomics.load(ints, ABORT) !== 0) break;
  }
  return { completed: done, contended, waits: 0, spins };
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
