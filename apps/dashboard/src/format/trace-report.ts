/**
 * The trace of a run in words, for `racelab run --trace`: the accounting (every lost update is a
 * value read again or a read at or above the final counter) and the biggest rollbacks as stories.
 */
import type { ExperimentResult } from '@racelab/schema';
import { formatCount, rollbackStory } from '@racelab/schema/format';
import { createPaint, type Paint } from './paint.js';

/** The rollback in words, shared with the web page (`@racelab/schema/format`). */
export { rollbackStory };

/** The trace's lines of the report; none for an untraced run. */
export function traceLines(result: ExperimentResult, paint: Paint = createPaint(false)): string[] {
  const traced = result.trials.flatMap((trial, index) => (trial.trace ? [{ trial, index }] : []));
  if (traced.length === 0) return [];
  let lost = 0;
  let repeated = 0;
  let above = 0;
  let rollbacks = 0;
  let erased = 0;
  for (const { trial } of traced) {
    const trace = trial.trace as NonNullable<typeof trial.trace>;
    lost += trial.lostUpdates;
    repeated += trace.repeatedReads;
    above += trace.readsAboveFinal;
    rollbacks += trace.rollbacks.count;
    erased += trace.rollbacks.erased;
  }
  const over = traced.length === 1 ? '' : ` over ${traced.length} trials`;
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
  if (traced.length > 1) lines.push(...perTrialLines(traced));
  if (rollbacks === 0) {
    const seen =
      lost === 0 ? 'the counter never went backwards' : 'no thread read a value below one it had just written';
    return [...lines, `  ${seen}`];
  }
  lines.push(
    `  ${formatCount(rollbacks)} ${rollbacks === 1 ? 'rollback' : 'rollbacks'}: a thread found the counter below the value it had just written, ${formatCount(erased)} updates erased in all`,
  );
  const biggest = traced
    .flatMap(({ trial, index }) => (trial.trace?.rollbacks.biggest ?? []).map((rollback) => ({ rollback, index })))
    .sort((a, b) => b.rollback.erased - a.rollback.erased)
    .slice(0, 3);
  if (biggest.length > 0) lines.push('  the biggest:');
  for (const { rollback, index } of biggest) {
    const where = traced.length === 1 ? '' : `trial ${index + 1}: `;
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
