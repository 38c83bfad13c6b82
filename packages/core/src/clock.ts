/**
 * Milliseconds on the process-wide monotonic clock. Unlike `performance.now()`, whose origin is
 * each thread's own start, this reads the same clock in every worker, so a worker's timestamps can
 * be compared with the main thread's.
 */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
