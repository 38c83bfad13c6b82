export type {
  Environment,
  ExperimentConfig,
  ExperimentConfigInput,
  ExperimentResult,
  ProgressSnapshot,
  RunWarning,
  Strategy,
  TrialResult,
  WorkerResult,
} from '@racelab/schema';
export { Condition, type ConditionHandle, type ConditionWaitOptions } from './condition.js';
export { parseConfig } from './config.js';
export { ConfigError, RunAbortedError, RunnerClosedError } from './errors.js';
export {
  type LockAsyncOptions,
  type LockGuard,
  Mutex,
  MutexError,
  type MutexHandle,
  type MutexStats,
} from './mutex.js';
export type { RunOptions } from './run-options.js';
export { ExperimentRunner, type ExperimentRunnerOptions, runExperiment } from './runner.js';
