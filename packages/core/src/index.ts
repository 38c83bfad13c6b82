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
export { parseConfig } from './config.js';
export { ConfigError, RunAbortedError, RunnerClosedError } from './errors.js';
export {
  Condition,
  type ConditionHandle,
  type ConditionWaitOptions,
  type LockAsyncOptions,
  type LockGuard,
  Mutex,
  MutexError,
  type MutexHandle,
  type MutexStats,
} from './lock/index.js';
export type { RunOptions } from './run-options.js';
export { ExperimentRunner, type ExperimentRunnerOptions, runExperiment } from './runner.js';
