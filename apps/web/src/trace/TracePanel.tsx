import type { ExperimentResult } from '@racelab/schema';
import {
  accountingLine,
  biggestRollbacks,
  firstViewedTrial,
  rollbackStory,
  rollbackSummary,
  traceTotals,
} from '@racelab/schema/format';
import { CollisionMap } from './CollisionMap.js';
import { TraceChart } from './TraceChart.js';
import './trace.css';

/**
 * Which update overwrote which, from a traced run: the accounting, the biggest rollbacks in words,
 * what each thread read, and who collided with whom. Loaded only when a traced result is shown.
 */
export function TracePanel({ result }: { result: ExperimentResult }) {
  const totals = traceTotals(result);
  if (!totals) return null;
  const viewed = firstViewedTrial(result);
  const several = result.trials.length > 1;
  const trialLabel = viewed && several ? `trial ${viewed.trial + 1}` : '';
  const stories = biggestRollbacks(result, 3);
  return (
    <section class="panel trace" aria-labelledby="trace-heading" data-testid="trace-panel">
      <h2 id="trace-heading">Which update overwrote which</h2>
      <p class="trace-accounting" data-testid="trace-accounting">
        {accountingLine(totals)}
        {totals.trials > 1 ? ` (${totals.trials} trials)` : ''}
      </p>
      <p class="hint">
        Every lost update is a value read again (two threads read it and both wrote value + 1, or one read it again
        after a rollback) or a read at or above the final counter (work a late, stale write erased and nobody redid).
      </p>
      <p data-testid="trace-rollbacks">
        {totals.rollbacks === 0
          ? 'No thread ever read a value below one it had just written.'
          : `${rollbackSummary(totals)}.`}
      </p>
      {stories.length > 0 ? (
        <ol class="trace-stories" aria-label="The biggest rollbacks">
          {stories.map(({ rollback, trial }) => (
            <li key={`${trial}:${rollback.seenBy}:${rollback.iteration}`}>
              {several ? `trial ${trial + 1}: ` : ''}
              {rollbackStory(rollback)}
            </li>
          ))}
        </ol>
      ) : null}
      {viewed?.trace.views ? (
        <TraceChart
          views={viewed.trace.views}
          iterations={result.config.iterations}
          biggest={viewed.trace.rollbacks.biggest}
          trialLabel={trialLabel}
        />
      ) : null}
      {viewed?.trace.pairs ? <CollisionMap pairs={viewed.trace.pairs} /> : null}
      {viewed && several ? (
        <p class="hint">
          The chart and the map show {trialLabel}; a traced run keeps them for its first trials, and the counts for all.
        </p>
      ) : null}
    </section>
  );
}
