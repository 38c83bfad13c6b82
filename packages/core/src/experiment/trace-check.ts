/** The accounting check core runs on every traced trial: a trace that does not add up is a bug, and says so. */

import type { TraceAnalysis } from '../trace/index.js';
import { RunFailure } from './run-failure.js';

/** A `trace_mismatch` failure when `repeatedReads + readsAboveFinal ≠ lostUpdates`, else undefined. */
export function traceMismatch(trial: number, analysis: TraceAnalysis, lostUpdates: number): RunFailure | undefined {
  const { repeatedReads, readsAboveFinal } = analysis.trace;
  if (repeatedReads + readsAboveFinal === lostUpdates && analysis.unreadBelowFinal === 0) return undefined;
  return new RunFailure(
    'trace_mismatch',
    `the trace of trial ${trial + 1} does not add up: repeatedReads ${repeatedReads} + readsAboveFinal ${readsAboveFinal} ≠ lostUpdates ${lostUpdates} (${analysis.unreadBelowFinal} values below the final counter were never read); this is a bug in racelab, please report it`,
  );
}
