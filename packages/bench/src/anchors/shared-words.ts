/** The anchors' shared memory: the start barrier and the counter, each on its own 64-byte line. */
export const GENERATION = 0;
export const COUNTER = 16;

/** racelab's own clock, one timeline for every thread: the anchors time their threads as the runner does. */
export { monotonicMs } from '@racelab/core/internal';
