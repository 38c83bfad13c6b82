/**
 * Milliseconds on a timeline every thread shares, so that a worker's timestamps can be compared with
 * the main thread's.
 *
 * `performance.now()` alone counts from each thread's own start, and so does `process.hrtime()` on
 * Bun and Deno (both implement it on top of `performance.now()`): a worker spawned 50 ms after the
 * main thread reads 50 ms less, and every duration measured across threads came out negative (then
 * clamped to 0). Adding `performance.timeOrigin` puts every thread on one timeline: that is what the
 * High Resolution Time spec defines it for, and Node.js, Bun, Deno and browsers agree on it to well
 * under a microsecond (measured with a shared-memory round trip between two threads).
 */
export function monotonicMs(): number {
  return performance.timeOrigin + performance.now();
}
