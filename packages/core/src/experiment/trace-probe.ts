/**
 * For racelab's bench: how long each trial's analysis took, and its logs. Kept off the public
 * `RunOptions` type, as the test-only fault plan is: the bench calls `withTraceProbe(options, probe)`
 * from the `@racelab/core/internal` entry.
 */
import type { RunOptions } from './run-options.js';

export interface TraceProbeSample {
  trial: number;
  /** Increments the analysis read (all workers' logs). */
  reads: number;
  analysisMs: number;
  /** Each worker's log, views of the run's shared memory: valid only during the call (copy with `slice()`). */
  logs: readonly Int32Array[];
  finalCounter: number;
}

export type TraceProbe = (sample: TraceProbeSample) => void;

const TRACE_PROBE = Symbol.for('@racelab/core.traceProbe');

export function withTraceProbe(options: RunOptions, probe: TraceProbe): RunOptions {
  return { ...options, [TRACE_PROBE]: probe } as RunOptions;
}

export function traceProbeOf(options: RunOptions): TraceProbe | undefined {
  return (options as { [TRACE_PROBE]?: TraceProbe })[TRACE_PROBE];
}
