/**
 * The shared memory of one run, as 64-byte lines so that no two hot words share a cache line:
 *
 *   line 0        control: trial generation (the start barrier), abort flag, arrivals at the start gate
 *   line 1        the shared counter: the only word the experiment is about
 *   line 2        the racelab Mutex (strategy `mutex`)
 *   line 3        the spinlock word (strategy `spinlock`)
 *   line 4 + i    worker i: completed increments (its live telemetry), its mutex owner token, then its
 *                 end-of-trial stats
 *   after those   Float64: per worker [start, end] timestamps in ms, written once per trial
 */
import { Mutex } from './mutex.js';

export const CACHE_LINE_BYTES = 64;
const INTS_PER_LINE = CACHE_LINE_BYTES / Int32Array.BYTES_PER_ELEMENT;

/** Int32 indexes into `RunLayout.ints`. */
export const GENERATION = 0;
export const ABORT = 1;
export const ARRIVED = 2;
export const COUNTER = INTS_PER_LINE;
export const MUTEX_BYTE_OFFSET = 2 * CACHE_LINE_BYTES;
export const SPINLOCK = 3 * INTS_PER_LINE;
const FIRST_WORKER_LINE = 4;

/** Offsets inside a worker's line. */
export const WORKER_COMPLETED = 0;
export const WORKER_CONTENDED = 1;
export const WORKER_WAITS = 2;
export const WORKER_SPINS = 3;
/** The worker's `mutex.token`, published before it can take the lock: `releaseAbandoned` needs it. */
export const WORKER_MUTEX_TOKEN = 4;

export interface RunLayout {
  readonly buffer: SharedArrayBuffer;
  readonly ints: Int32Array;
  readonly times: Float64Array;
  readonly workers: number;
}

export function createRunLayout(workers: number): RunLayout {
  const intBytes = (FIRST_WORKER_LINE + workers) * CACHE_LINE_BYTES;
  const buffer = new SharedArrayBuffer(intBytes + workers * 2 * Float64Array.BYTES_PER_ELEMENT);
  return viewRunLayout(buffer, workers);
}

export function viewRunLayout(buffer: SharedArrayBuffer, workers: number): RunLayout {
  const intBytes = (FIRST_WORKER_LINE + workers) * CACHE_LINE_BYTES;
  return {
    buffer,
    workers,
    ints: new Int32Array(buffer, 0, intBytes / Int32Array.BYTES_PER_ELEMENT),
    times: new Float64Array(buffer, intBytes, workers * 2),
  };
}

/** Int32 index of worker `index`'s line. */
export function workerSlot(index: number): number {
  return (FIRST_WORKER_LINE + index) * INTS_PER_LINE;
}

export function runMutex(layout: RunLayout): Mutex {
  return new Mutex(layout.buffer, MUTEX_BYTE_OFFSET);
}
