/**
 * The trace of a run in words, for `racelab run --trace`: the accounting (every lost update is a
 * value read again or a read at or above the final counter) and the biggest rollbacks as stories.
 */
import type { ExperimentResult } from '@racelab/schema';
import { biggestRollbacks, formatCount, rollbackStory, rollbackSummary, traceTotals } from '@racelab/schema/format';
import { createPaint, type Paint } from './paint.js';

/** The rollback in words, shared with the web page (`@racelab/schema/format`). */
export { rollbackStory };

/** The trace's lines of the report; none for an untraced run. */
export function traceLines(result: ExperimentResult, paint: Paint = createPaint(false)): string[] {
  const totals = traceTotals(result);
  if (!totals) return [];
  const traced = result.trials.flatMap((trial, index) => (trial.trace ? [{ trial, index }] : []));
  const { lostUpdates: lost, repeatedReads: repeated, readsAboveFinal: above } = totals;
  const over = totals.trials === 1 ? '' : ` over ${totals.trials} trials`;
  const lines = [paint('bold', `trace${over}`)];
  if (lost === 0 && repeated === 0 && above === 0) {
    lines.push(
      '  0 lost updates = 0 values read again + 0 reads at or above the final counter: every value was read once',
    );
  } else {
    lines.push(
      `  ${formatCount(lost)} lost updates = ${formatCount(repeated)} values read again + ${formatCount(above)} reads at or above the final counter`,
      paint('dim', '    read again: two threads read the same value, or one read it again after a rollback'),
      paint('dim', '    at or above the final counter: work a late write erased and nobody redid'),
    );
  }
  if (totals.trials > 1) lines.push(...perTrialLines(traced));
  if (totals.rollbacks === 0) {
    const seen =
      lost === 0 ? 'the counter never went backwards' : 'no thread read a value below one it had just written';
    return [...lines, `  ${seen}`];
  }
  lines.push(`  ${rollbackSummary(totals)}`);
  const biggest = biggestRollbacks(result, 3);
  if (biggest.length > 0) lines.push('  the biggest:');
  for (const { rollback, trial } of biggest) {
    const where = totals.trials === 1 ? '' : `trial ${trial + 1}: `;
    lines.push(`    ${where}${rollbackStory(rollback)}`);
  }
  return lines;
}

/** Trials listed one a line in the accounting; past that, the rest are only in the sums. */
const LISTED_TRIALS = 10;

/** `    trial 2: 175,424 = 175,424 + 0 · 71 rollbacks` */
function perTrialLines(traced: { trial: ExperimentResult['trials'][number]; index: number }[]): string[] {
  const lines = traced.slice(0, LISTED_TRIALS).map(({ trial, index }) => {
    const trace = trial.trace as NonNullable<typeof trial.trace>;
    const count = trace.rollbacks.count;
    return `    trial ${index + 1}: ${formatCount(trial.lostUpdates)} = ${formatCount(trace.repeatedReads)} + ${formatCount(trace.readsAboveFinal)} · ${formatCount(count)} ${count === 1 ? 'rollback' : 'rollbacks'}`;
  });
  if (traced.length > LISTED_TRIALS) lines.push(`    … and ${traced.length - LISTED_TRIALS} more trials`);
  return lines;
}
