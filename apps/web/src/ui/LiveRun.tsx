import { formatRunSize } from '@racelab/schema/format';
import { isActive, type RunState, runFigures } from '../format/figures.js';
import { CounterPanel } from './CounterPanel.js';
import { Lesson } from './Lesson.js';
import { LostSpread } from './LostSpread.js';
import { RunExport } from './RunExport.js';
import { WorkerBars } from './WorkerBars.js';

export interface LiveRunProps {
  state: RunState;
  /** "Compare: 2 of 4" and such, when the run is one of several. */
  context?: string;
  onCancel(): void;
}

/** One run as it happens: a bar per worker, the shared counter, the lesson once it is over. */
export function LiveRun({ state, context, onCancel }: LiveRunProps) {
  const figures = runFigures(state);
  const { config } = state.run;
  const finishedLosses = state.result ? state.trialLost : state.trialLost.slice(0, figures.trial);
  return (
    <section class="panel live" aria-labelledby="live-heading" data-status={state.run.status}>
      <div class="live-head">
        <h2 id="live-heading">
          <span class="strategy">{config.strategy}</span> · {formatRunSize(config)}
        </h2>
        <span class={`status status-${state.run.status}`} data-testid="status">
          {context ? `${context} · ` : ''}
          {state.run.status}
        </span>
      </div>
      <WorkerBars
        perWorker={figures.perWorker}
        iterations={figures.iterations}
        results={figures.result?.trials.at(-1)?.workers}
      />
      <CounterPanel figures={figures} />
      {/* One live region for the whole run, so a screen reader hears it start, end and what it counted. */}
      <div aria-live="polite">
        <Lesson state={state} figures={figures} />
      </div>
      {config.trials > 1 ? (
        <LostSpread lostUpdates={finishedLosses} trials={config.trials} summary={state.result?.summary.lostUpdates} />
      ) : null}
      <div class="actions">
        {isActive(state.run) ? (
          <button type="button" class="danger" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
        <a href={`/?run=${encodeURIComponent(state.run.id)}`}>Permalink</a>
      </div>
      {isActive(state.run) ? null : <RunExport run={state.run} />}
    </section>
  );
}
