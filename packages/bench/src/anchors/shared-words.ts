/** The anchors' shared memory: the start barrier and the counter, each on its own 64-byte line. */
export const GENERATION = 0;
export const COUNTER = 16;

/** The process-wide monotonic clock, comparable across threads (like racelab's runner uses). */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
