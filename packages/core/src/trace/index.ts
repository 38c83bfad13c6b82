/**
 * The trace's analysis, a pure function over plain arrays: each worker's log of the values it read
 * and the final counter in, the accounting, rollbacks, pairs and views out; and how much detail a
 * traced run keeps so its result stays small. The traced loops and the log live in `trial/`, the
 * per-trial step that checks the accounting in `experiment/`.
 */
export { analyzeTrace, FULL_DETAIL, type TraceAnalysis, type TraceDetail } from './analyze-trace.js';
export { detailedTrials, traceDetailFor } from './trace-budget.js';
