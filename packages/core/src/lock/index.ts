/**
 * The lock: `Mutex` (one `Int32Array` word and its cells on a `SharedArrayBuffer`, parking with
 * `Atomics.wait`/`waitAsync`) and `Condition`. The only way in from the rest of the core.
 */
export {
  Condition,
  type ConditionHandle,
  type ConditionWaitOptions,
} from './condition.js';
export {
  type LockAsyncOptions,
  type LockGuard,
  Mutex,
  MutexError,
  type MutexHandle,
  type MutexStats,
} from './mutex.js';
/** Cells of a mutex's stats that the fairness report reads (`mutexActivity`). */
export { HANDOFFS, TICKS } from './mutex-word.js';
