/**
 * One trial of the race, as the workers run it: the shared buffer's layout, the increment loop of
 * each strategy, the worker's message loop and the messages it trades with the runner, the
 * test-only fault plans, and how evenly the workers got the lock. The only way in from the rest
 * of the core.
 */
export {
  jainIndex,
  type MutexActivity,
  mergeWaits,
  mutexActivity,
  newWaitHistogram,
  recordWait,
  sharesOf,
  timedWaits,
  type WaitHistogram,
  waitQuantileNs,
  waitSummary,
  withFairness,
} from './fairness.js';
export { type ArmedFault, armFault, type FaultPlan } from './faults.js';
export type { LoopStats } from './increment-loops.js';
export {
  ABORT,
  ARRIVED,
  COUNTER,
  createRunLayout,
  finishedAtSlot,
  GENERATION,
  type RunLayout,
  runMutex,
  startedAtSlot,
  WORKER_COMPLETED,
  WORKER_MUTEX_TOKEN,
  workerSlot,
} from './layout.js';
export type { RunCommand, WorkerMessage } from './protocol.js';
export { createTraceLog, workerLog } from './trace-log.js';
export { type RunnerChannel, serveRuns } from './worker.js';
