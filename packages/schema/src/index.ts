export { type ApiError, ApiErrorSchema } from './api-error.js';
export {
  CONFIG_BOUNDS,
  type ConfigErrorCode,
  DEFAULT_CONFIG,
  expectedTotal,
  MAX_TOTAL_INCREMENTS,
  MAX_TRACED_INCREMENTS,
  TRACE_TOO_LARGE,
} from './bounds.js';
export {
  type ExperimentConfig,
  type ExperimentConfigInput,
  ExperimentConfigSchema,
  traceTooLargeMessage,
} from './config.js';
export { rollbackStory } from './format/trace.js';
export { configErrorCode, type FieldIssue, fieldIssues, formatIssues } from './issues.js';
export {
  experimentConfigJsonSchema,
  experimentResultJsonSchema,
  progressSnapshotJsonSchema,
} from './json-schema.js';
export { integerRangeMessage } from './messages.js';
export { type ProgressSnapshot, ProgressSnapshotSchema } from './progress.js';
export {
  type Environment,
  EnvironmentSchema,
  type ExperimentResult,
  ExperimentResultSchema,
  type Fairness,
  FairnessSchema,
  RUN_ERROR_CODES,
  RUNTIME_NAMES,
  type RunError,
  type RunErrorCode,
  RunErrorSchema,
  type RunStatus,
  type Runtime,
  type RuntimeName,
  RuntimeSchema,
  type RunWarning,
  RunWarningSchema,
  type Stats,
  StatsSchema,
  type Summary,
  SummarySchema,
  type TrialResult,
  TrialResultSchema,
  type WaitSummary,
  WaitSummarySchema,
  type WorkerResult,
  WorkerResultSchema,
} from './result.js';
export { RUN_SUMMARY_COLUMNS, runSummaryCsvHeader, runSummaryCsvRow } from './run-summary-csv.js';
export {
  RUN_PAGE_BOUNDS,
  RUN_SOURCES,
  type RunFilter,
  type RunFilterInput,
  RunFilterSchema,
  type RunSource,
  RunSourceSchema,
  type RunSummary,
  RunSummarySchema,
  STORED_RUN_STATUSES,
  type StoredRun,
  type StoredRunInput,
  StoredRunSchema,
  type StoredRunStatus,
  StoredRunStatusSchema,
  toRunSummary,
} from './stored-run.js';
export { StrategySchema } from './strategy.js';
export {
  isSynchronized,
  STRATEGIES,
  STRATEGY_DESCRIPTIONS,
  STRATEGY_INFO,
  STRATEGY_TOTALS,
  type Strategy,
  type StrategyInfo,
  strategyReference,
} from './strategy-info.js';
export {
  type Rollback,
  RollbackSchema,
  type Trace,
  TraceSchema,
  type TraceView,
  TraceViewSchema,
} from './trace.js';
