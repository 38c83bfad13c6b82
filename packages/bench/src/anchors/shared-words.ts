/** The anchors' shared memory: the start barrier and the counter, each on its own 64-byte line. */
export const GENERATION = 0;
export const COUNTER = 16;

/**
 * The process-wide monotonic clock, comparable across threads: the same clock as core's runner
 * (`packages/core/src/clock.ts`). TODO(lead): import it from core's internal entry once the runtime
 * rework exports one; core's public surface has no clock, and the schema is no place for one.
 */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
