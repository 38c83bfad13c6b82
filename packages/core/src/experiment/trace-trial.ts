/** One trial's trace, as the run session makes it: analyse the logs, check the accounting, attach the trace. */
import type { ExperimentConfig, TrialResult } from '@racelab/schema';
import { monotonicMs } from '../shared/index.js';
import { analyzeTrace, traceDetailFor } from '../trace/index.js';
import type { LoopStats } from '../trial/index.js';
import { workerLog } from '../trial/index.js';
import type { RunFailure } from './run-failure.js';
import { traceMismatch } from './trace-check.js';
import type { TraceProbe } from './trace-probe.js';

/**
 * Sets `result.trace` from the logs the workers wrote in `traceLog`, or, when the accounting does not
 * add up (a bug), leaves the trial without it and returns the `trace_mismatch` failure to end the run with.
 */
export function traceTrial(
  traceLog: SharedArrayBuffer,
  config: ExperimentConfig,
  trial: number,
  stats: readonly LoopStats[],
  result: TrialResult,
  probe?: TraceProbe,
): RunFailure | undefined {
  const logs = stats.map((worker, index) => workerLog(traceLog, index, config.iterations, worker.completed));
  const startedAt = monotonicMs();
  const analysis = analyzeTrace(logs, result.actual, traceDetailFor(trial, config.workers, config.trials));
  probe?.({ trial, reads: analysis.reads, analysisMs: monotonicMs() - startedAt, logs, finalCounter: result.actual });
  const mismatch = traceMismatch(trial, analysis, result.lostUpdates);
  if (!mismatch) result.trace = analysis.trace;
  return mismatch;
}
