/** The trace of a run: its logs in shared memory, the traced loops, and the analysis of the logs. */
export { analyzeTrace, FULL_DETAIL, type TraceAnalysis, type TraceDetail } from './analyze-trace.js';
export { detailedTrials, traceDetailFor } from './trace-budget.js';
export { traceMismatch } from './trace-check.js';
export { createTraceLog, workerLog } from './trace-log.js';
export { type TraceProbe, type TraceProbeSample, traceProbeOf, withTraceProbe } from './trace-probe.js';
export { traceTrial } from './trace-trial.js';
export { tracedAtomic, tracedMutex, tracedSpinlock, tracedUnsynchronized } from './traced-loops.js';
