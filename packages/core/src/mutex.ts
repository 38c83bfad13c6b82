/**
 * `@racelab/core/mutex`: the lock alone, for code that shares a `Mutex` between threads without
 * running experiments. The algorithm lives in `lock/` (start at `lock/mutex.ts`).
 */
export {
  type LockAsyncOptions,
  type LockGuard,
  Mutex,
  MutexError,
  type MutexHandle,
  type MutexStats,
} from './lock/index.js';
