/**
 * @internal Named points inside the lock's slow paths, for fault-injection tests that kill a thread
 * at each step of `lock`, `unlock` and a `Condition` wait. Nothing listens in normal use; the fast
 * paths (one compare-and-swap each) have no steps in between to name.
 */
export type LockStep =
  /** `lock`: about to park, as the next in line (watcher) or in the queue. */
  | 'lock:parking'
  /** `lock`: woken (or timed out of a bounded park), not yet looked at the word. */
  | 'lock:woken'
  /** `unlock`: the word says HANDOFF, the waiter it is for is not woken yet. */
  | 'unlock:handing-off'
  /** `Condition` wait: counted as a waiter, still holding the mutex. */
  | 'wait:registered'
  /** `Condition` wait: the mutex released, not parked yet. */
  | 'wait:released'
  /** `Condition` wait: woken, the mutex not taken again yet. */
  | 'wait:woken';

export const lockSteps: { reached?: (step: LockStep) => void } = {};
