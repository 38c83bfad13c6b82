export type {
  ExperimentConfig,
  ExperimentConfigInput,
  ExperimentResult,
  ProgressSnapshot,
  Strategy,
  TrialResult,
  WorkerResult,
} from '@racelab/schema';
export { Condition, type ConditionHandle, type ConditionWaitOptions } from './condition.js';
export { parseConfig } from './config.js';
export { hasAtomicsPause } from './cpu-relax.js';
export { currentEnvironment } from './environment.js';
export { ConfigError, RunAbortedError, RunnerClosedError } from './errors.js';
export {
  type LockAsyncOptions,
  type LockGuard,
  Mutex,
  MutexError,
  type MutexHandle,
  type MutexStats,
} from './mutex.js';
export type { RunOptions } from './run-session.js';
export { ExperimentRunner, type ExperimentRunnerOptions, runExperiment } from './runner.js';
export { stats } from './statistics.js';
