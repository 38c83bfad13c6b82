/**
 * `@racelab/schema/format`: how racelab shows a run to people, for every front end. Pure
 * functions over the schema's objects; this entry imports no zod (types only), so a web page can
 * load it without the validators.
 */
export { formatInteger } from '../messages.js';
export { formatJainIndex, formatShare, formatShareRange, formatWait } from './fairness.js';
export { type LiveFigures, type LiveFiguresInput, liveFigures, trialLostWith } from './live-figures.js';
export {
  finalCounterLine,
  formatCompact,
  formatCount,
  formatDuration,
  formatPercent,
  formatRate,
  RATE_UNIT,
} from './numbers.js';
export { formatRunSize } from './run-size.js';
export {
  accountingLine,
  biggestRollbacks,
  firstViewedTrial,
  rollbackStory,
  rollbackSummary,
  type TraceTotals,
  type TrialRollback,
  traceTotals,
} from './trace.js';
export { type WorkerRow, workerRows } from './worker-rows.js';
