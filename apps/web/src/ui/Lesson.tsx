import { type ExperimentResult, isSynchronized } from '@racelab/schema';
import {
  biggestRollbacks,
  finalCounterLine,
  formatCount,
  formatPercent,
  type LiveFigures,
  rollbackStory,
  traceTotals,
} from '@racelab/schema/format';
import type { RunState } from '../format/figures.js';

/** The seed lesson in big type once the run is over: the final counter, and what it should have been. */
export function Lesson({ state, figures }: { state: RunState; figures: LiveFigures }) {
  const { run, result } = state;
  if (run.status === 'queued') return <p class="lesson pending">Queued: waiting for the run ahead of it…</p>;
  if (run.status === 'running') {
    return <p class="lesson pending">{state.progress ? 'Running…' : 'Starting the worker threads…'}</p>;
  }
  const ended = result?.trials.length ? figures : undefined;
  const why = run.error?.message ?? state.problem;
  return (
    <div class="lesson" data-testid="lesson">
      {ended ? (
        <p class={`final ${ended.lostUpdates > 0 ? 'bad-text' : 'good-text'}`} data-testid="final-counter">
          {finalCounterLine(ended.counter)}
        </p>
      ) : null}
      {ended ? <Verdict figures={ended} othersLost={result?.summary.correct === false} /> : null}
      {result && result.trials.length > 1 ? <OverTrials result={result} /> : null}
      {result ? <TraceStory result={result} /> : null}
      {run.status === 'cancelled' || run.status === 'failed' ? (
        <p class="status-line bad-text" data-testid="run-status">
          {run.status === 'cancelled' ? 'Cancelled' : 'Failed'}
          {result ? ` after ${result.trials.length} of ${run.config.trials} trials` : ''}
          {why ? `: ${why}` : ''}
        </p>
      ) : null}
    </div>
  );
}

function Verdict({ figures, othersLost }: { figures: LiveFigures; othersLost: boolean }) {
  const strategy = figures.result?.config.strategy ?? 'none';
  if (figures.lostUpdates > 0) {
    return (
      <p class="verdict bad-text" data-testid="verdict">
        expected {figures.expected}: <strong>{formatCount(figures.lostUpdates)} updates lost</strong> (
        {formatPercent(figures.lostUpdates, figures.expected)})
      </p>
    );
  }
  // The last trial got lucky but an earlier one did not: the line below says so, this one need not.
  if (othersLost) return null;
  if (!isSynchronized(strategy)) {
    return (
      <p class="verdict" data-testid="verdict">
        exact this time: the race lost nothing. Run it again, or raise the increments.
      </p>
    );
  }
  return (
    <p class="verdict good-text" data-testid="verdict">
      exact: every one of {formatCount(figures.expected)} increments counted
    </p>
  );
}

/** With several trials, the last one's counter is not the whole story: how many trials lost updates. */
function OverTrials({ result }: { result: ExperimentResult }) {
  const losing = result.trials.filter((trial) => trial.lostUpdates > 0).length;
  const median = result.summary.lostUpdates?.median ?? 0;
  if (losing === 0) {
    return (
      <p class="verdict good-text" data-testid="over-trials">
        exact in all {result.trials.length} trials
      </p>
    );
  }
  return (
    <p class="verdict bad-text" data-testid="over-trials">
      updates lost in {losing} of {result.trials.length} trials (median {formatCount(median)})
    </p>
  );
}

/**
 * A traced run tells how its updates were lost, from its own trace: how many were values read
 * twice, how many were erased by a late write, and the biggest such write in words.
 */
function TraceStory({ result }: { result: ExperimentResult }) {
  const totals = traceTotals(result);
  if (!totals) return null;
  if (totals.lostUpdates === 0) {
    return (
      <p class="story" data-testid="trace-story">
        The trace agrees: every value was read once, nothing was overwritten.
      </p>
    );
  }
  const [biggest] = biggestRollbacks(result, 1);
  return (
    <p class="story" data-testid="trace-story">
      Why: {formatCount(totals.repeatedReads)} times a value was read again (two threads read it and both wrote value +
      1, or one read it again after a stale write took the counter back), and {formatCount(totals.readsAboveFinal)}{' '}
      increments were done on values that a late, stale write then erased.
      {biggest ? ` The biggest such write: ${rollbackStory(biggest.rollback)}.` : ''}
    </p>
  );
}
