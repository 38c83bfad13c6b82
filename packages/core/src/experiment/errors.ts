import type { ConfigErrorCode, ExperimentResult, FieldIssue } from '@racelab/schema';

/**
 * The config given to a run is invalid; `message` names every bad field and its allowed range.
 * `code` is `trace_too_large` when the only problem is a traced run over the trace's limit.
 */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(
    message: string,
    readonly issues: FieldIssue[],
    readonly code: ConfigErrorCode = 'invalid_config',
  ) {
    super(message);
  }
}

/**
 * A run was aborted through its `signal`. Its `name` is `AbortError`, as for `fetch`; `result` is
 * the cancelled run with the trials that finished before the abort.
 */
export class RunAbortedError extends Error {
  override name = 'AbortError';
  constructor(
    readonly result: ExperimentResult,
    options?: { cause?: unknown },
  ) {
    super(result.error?.message ?? 'the run was aborted', options);
  }
}

/** The runner was closed: no run can start on it any more. */
export class RunnerClosedError extends Error {
  override name = 'RunnerClosedError';
  constructor() {
    super('the experiment runner is closed');
  }
}
