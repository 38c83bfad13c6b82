import { isSynchronized } from '@racelab/schema';
import { formatCount, formatPercent, formatRate, formatRunSize } from '@racelab/schema/format';
import { fairnessText } from '../format/fairness.js';
import { type RunState, runFigures } from '../format/figures.js';

/** Every strategy on the same settings, side by side: counter, lost updates, throughput. */
export function CompareTable({ states }: { states: readonly RunState[] }) {
  const first = states[0]?.run.config;
  return (
    <section class="panel compare" aria-labelledby="compare-heading">
      <h2 id="compare-heading">Compare{first ? ` · ${formatRunSize(first)}` : ''}</h2>
      <div class="table-scroll">
        <table data-testid="compare-table">
          <thead>
            <tr>
              <th scope="col">Strategy</th>
              <th scope="col">Final counter</th>
              <th scope="col">Lost</th>
              <th scope="col">Lost %</th>
              <th scope="col">Throughput</th>
              <th scope="col">Fairness</th>
              <th scope="col">Verdict</th>
            </tr>
          </thead>
          <tbody>
            {states.map((state) => {
              const figures = runFigures(state);
              const ended = state.result !== undefined;
              const lost = figures.lostUpdates > 0;
              // The table ranks by the median over trials; the live view shows the trial at hand.
              const rate = state.result?.summary.opsPerSecond?.median ?? figures.opsPerSecond;
              return (
                <tr
                  key={state.run.id}
                  data-run-id={state.run.id}
                  data-strategy={state.run.config.strategy}
                  data-status={state.run.status}
                >
                  <th scope="row">{state.run.config.strategy}</th>
                  <td class="num">{state.progress || ended ? formatCount(figures.counter) : '—'}</td>
                  <td class={`num${lost ? ' bad-text' : ''}`}>{formatCount(figures.lostUpdates)}</td>
                  <td class="num">{formatPercent(figures.lostUpdates, figures.expected)}</td>
                  <td class="num">{rate > 0 ? formatRate(rate) : '—'}</td>
                  <td data-testid="fairness-cell">{fairnessText(state.result?.trials.at(-1)) ?? '—'}</td>
                  <td>{verdict(state, lost)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function verdict(state: RunState, lost: boolean): string {
  if (state.run.status === 'queued' || state.run.status === 'running') return state.run.status;
  if (state.run.status !== 'completed') return state.run.status;
  if (lost) return 'lost updates';
  return isSynchronized(state.run.config.strategy) ? 'exact' : 'exact (lucky)';
}
