import { stats } from '@racelab/core/internal';
import { type ExperimentResult, isSynchronized, type Strategy } from '@racelab/schema';
import { formatCount, finalCounterLine as seedLine } from '@racelab/schema/format';
import { histogram } from './bars.js';

/** What one strategy contributes to the side-by-side view. */
export interface ComparisonRow {
  strategy: Strategy;
  /** The counter at the end of the last trial that finished. */
  finalCounter: number;
  expected: number;
  lostUpdates: number;
  /** Median over the trials, so one slow trial does not decide the ranking. */
  opsPerSecond: number;
  correct: boolean;
}

export function comparisonRow(result: ExperimentResult): ComparisonRow {
  const last = result.trials.at(-1);
  return {
    strategy: result.config.strategy,
    finalCounter: last?.actual ?? 0,
    expected: result.expected,
    lostUpdates: last?.lostUpdates ?? 0,
    opsPerSecond: result.summary.opsPerSecond?.median ?? 0,
    correct: result.summary.correct,
  };
}

/**
 * The seed lesson's closing line, `Final counter: 1000000`, printed without separators exactly as the
 * Python original does; a wrong total also says by how much it is short.
 */
export function finalCounterLine(row: Pick<ComparisonRow, 'finalCounter' | 'expected'>): string {
  const line = seedLine(row.finalCounter);
  if (row.finalCounter === row.expected) return line;
  return `${line} (expected ${row.expected}: ${formatCount(row.expected - row.finalCounter)} updates lost)`;
}

/**
 * The race is nondeterministic: on warm threads a short run can finish before the scheduler ever
 * interleaves two workers. Saying so keeps an exact `none` total from teaching the wrong lesson.
 */
export const LUCKY_RACE_HINT = 'the race lost nothing this time; run it again or raise the iterations';

/** Which results to close on: the race first, then the lock, so the fix is the last word. */
export function closingResults(results: readonly ExperimentResult[]): ExperimentResult[] {
  const race = results.find((result) => !isSynchronized(result.config.strategy));
  const lock = results.find((result) => result.config.strategy === 'mutex');
  return [race, lock].filter((result): result is ExperimentResult => result !== undefined);
}

export interface LostSpread {
  trials: number;
  min: number;
  median: number;
  max: number;
  /** Trials per slice of [min, max]: the shape of the race's unpredictability. */
  counts: number[];
}

/** How the lost updates vary between trials; undefined until two trials make a spread. */
export function lostSpread(lostUpdates: readonly number[], bins = 12): LostSpread | undefined {
  const summary = stats(lostUpdates);
  if (!summary || lostUpdates.length < 2) return undefined;
  return {
    trials: lostUpdates.length,
    ...summary,
    counts: histogram(lostUpdates, Math.min(bins, lostUpdates.length)),
  };
}
