/**
 * The shared memory of one run, as 64-byte lines so that no two hot words share a cache line:
 *
 *   line 0        control: trial generation (the start barrier), abort flag, arrivals at the start gate
 *   line 1        the shared counter: the only word the experiment is about
 *   line 2        the racelab Mutex (strategy `mutex`)
 *   line 3        the spinlock word (strategy `spinlock`)
 *   line 4 + i    worker i: completed increments (its live telemetry) and its mutex owner token
 *   after those   Float64: per worker, when it started and finished its loop (ms, `monotonicMs`)
 */
import { Mutex } from '../lock/index.js';

const CACHE_LINE_BYTES = 64;
const INTS_PER_LINE = CACHE_LINE_BYTES / Int32Array.BYTES_PER_ELEMENT;

/** Int32 indexes into `RunLayout.ints`. */
export const GENERATION = 0;
export const ABORT = 1;
export const ARRIVED = 2;
export const COUNTER = INTS_PER_LINE;
const MUTEX_BYTE_OFFSET = 2 * CACHE_LINE_BYTES;
export const SPINLOCK = 3 * INTS_PER_LINE;
const FIRST_WORKER_LINE = 4;

/** Offsets inside a worker's line. */
export const WORKER_COMPLETED = 0;
/** The worker's `mutex.token`, published before it can take the lock (0 until then). */
export const WORKER_MUTEX_TOKEN = 1;

/** Float64 slots per worker in `RunLayout.times`. */
const TIMES_PER_WORKER = 2;

export interface RunLayout {
  readonly buffer: SharedArrayBuffer;
  readonly ints: Int32Array;
  readonly times: Float64Array;
  readonly workers: number;
}

function intBytes(workers: number): number {
  return (FIRST_WORKER_LINE + workers) * CACHE_LINE_BYTES;
}

export function createRunLayout(workers: number): RunLayout {
  const timeBytes = workers * TIMES_PER_WORKER * Float64Array.BYTES_PER_ELEMENT;
  return viewRunLayout(new SharedArrayBuffer(intBytes(workers) + timeBytes), workers);
}

export function viewRunLayout(buffer: SharedArrayBuffer, workers: number): RunLayout {
  const bytes = intBytes(workers);
  return {
    buffer,
    workers,
    ints: new Int32Array(buffer, 0, bytes / Int32Array.BYTES_PER_ELEMENT),
    times: new Float64Array(buffer, bytes, workers * TIMES_PER_WORKER),
  };
}

/** Int32 index of worker `index`'s line. */
export function workerSlot(index: number): number {
  return (FIRST_WORKER_LINE + index) * INTS_PER_LINE;
}

/** Float64 index in `times` of when worker `index` started its loop. */
export function startedAtSlot(index: number): number {
  return TIMES_PER_WORKER * index;
}

/** Float64 index in `times` of when worker `index` finished its loop. */
export function finishedAtSlot(index: number): number {
  return TIMES_PER_WORKER * index + 1;
}

export function runMutex(layout: RunLayout): Mutex {
  return new Mutex(layout.buffer, MUTEX_BYTE_OFFSET);
}
