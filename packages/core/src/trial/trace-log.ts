/**
 * The trace's shared memory: one Int32 per increment, worker i's reads at
 * `[i × iterations, (i + 1) × iterations)`. Allocated once per traced run and reused by its
 * trials (each trial overwrites what the last one wrote); never allocated for an untraced run.
 */

export function createTraceLog(workers: number, iterations: number): SharedArrayBuffer {
  return new SharedArrayBuffer(workers * iterations * Int32Array.BYTES_PER_ELEMENT);
}

/** Worker `index`'s region of the log: its whole log, or the first `completed` reads of it. */
export function workerLog(
  buffer: SharedArrayBuffer,
  index: number,
  iterations: number,
  completed = iterations,
): Int32Array {
  return new Int32Array(buffer, index * iterations * Int32Array.BYTES_PER_ELEMENT, completed);
}
