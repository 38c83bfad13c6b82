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
export type { RunOptions } from './experiment/index.js';
export {
  ConfigError,
  ExperimentRunner,
  type ExperimentRunnerOptions,
  parseConfig,
  RunAbortedError,
  RunnerClosedError,
  runExperiment,
} from './experiment/index.js';
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
