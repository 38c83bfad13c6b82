import { useSignal } from '@preact/signals';
import type { Run } from '@racelab/api';
import { formatCount, formatRate } from '@racelab/schema/format';
import {
  type GroupBy,
  type HistoryFilters,
  hostLabel,
  RUNTIME_CHOICES,
  runtimeLabel,
  SOURCE_CHOICES,
  STATUS_CHOICES,
  STRATEGY_CHOICES,
} from '../format/history.js';
import { useHistory } from '../hooks/use-history.js';
import { HistoryChart } from './HistoryChart.js';
import { RunsSideBySide } from './RunsSideBySide.js';

const SELECTS: ReadonlyArray<readonly [keyof HistoryFilters, string, readonly string[]]> = [
  ['strategy', 'Strategy', STRATEGY_CHOICES],
  ['status', 'Status', STATUS_CHOICES],
  ['runtime', 'Runtime', RUNTIME_CHOICES],
  ['source', 'Source', SOURCE_CHOICES],
];

/** The list's dates kept short (`12/3/26, 2:40:23 PM`) so the table fits beside the form; the full one is side by side. */
const SHORT_WHEN: Intl.DateTimeFormatOptions = { dateStyle: 'short', timeStyle: 'medium' };

/** The server's notebook: filters, a chart across the runs, and any two side by side. */
export function HistoryPanel() {
  const history = useHistory();
  const draft = useSignal<HistoryFilters>(history.filters.value);
  const groupBy = useSignal<GroupBy>('runtime');
  const set = (name: keyof HistoryFilters, value: string) => {
    draft.value = { ...draft.value, [name]: value };
  };
  const runs = history.runs.value;
  const picked = history.picked.value
    .map((id) => runs.find((run) => run.id === id))
    .filter((run): run is Run => run !== undefined);
  const fields = history.problem.value?.fields ?? {};
  return (
    <section class="panel history" aria-labelledby="history-heading" data-testid="history">
      <h2 id="history-heading">History</h2>
      <form
        class="history-filters"
        onSubmit={(event) => {
          event.preventDefault();
          void history.search(draft.value);
        }}
      >
        {SELECTS.map(([name, label, choices]) => (
          <label key={name}>
            {label}
            <select
              name={name}
              value={draft.value[name]}
              onChange={(event) => set(name, (event.currentTarget as HTMLSelectElement).value)}
            >
              <option value="">any</option>
              {choices.map((choice) => (
                <option key={choice} value={choice}>
                  {choice}
                </option>
              ))}
            </select>
          </label>
        ))}
        <label>
          Host
          <input
            name="host"
            value={draft.value.host}
            placeholder="any"
            onInput={(event) => set('host', (event.currentTarget as HTMLInputElement).value)}
          />
        </label>
        <label>
          Since
          <input
            type="date"
            name="since"
            value={draft.value.since}
            onInput={(event) => set('since', (event.currentTarget as HTMLInputElement).value)}
          />
        </label>
        <label>
          Before
          <input
            type="date"
            name="until"
            value={draft.value.until}
            onInput={(event) => set('until', (event.currentTarget as HTMLInputElement).value)}
          />
        </label>
        <button type="submit" disabled={history.loading.value}>
          Show runs
        </button>
      </form>
      {history.problem.value ? (
        <p class="error" role="alert">
          {history.problem.value.message}
          {Object.entries(fields).map(([field, message]) => ` ${field}: ${message}`)}
        </p>
      ) : null}
      <label class="group-by">
        Group the chart by{' '}
        <select
          name="groupBy"
          value={groupBy.value}
          onChange={(event) => {
            groupBy.value = (event.currentTarget as HTMLSelectElement).value as GroupBy;
          }}
        >
          <option value="runtime">runtime</option>
          <option value="host">host</option>
        </select>
      </label>
      <HistoryChart runs={runs} groupBy={groupBy.value} />
      <p class="hint">
        {runs.length === 0 ? 'No run matches.' : `${runs.length} runs, newest first. Pick two to compare them.`}
      </p>
      <table class="history-runs" data-testid="history-runs">
        <thead>
          <tr>
            <th scope="col">pick</th>
            <th scope="col">when</th>
            <th scope="col">strategy</th>
            <th scope="col">settings</th>
            <th scope="col">lost</th>
            <th scope="col">throughput</th>
            <th scope="col">runtime</th>
            <th scope="col">host</th>
            <th scope="col">source</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <tr key={run.id} data-run-id={run.id}>
              <td>
                <input
                  type="checkbox"
                  checked={history.picked.value.includes(run.id)}
                  onChange={() => history.pick(run.id)}
                  aria-label={`Pick run ${run.id} to compare`}
                />
              </td>
              <td>{new Date(run.createdAt).toLocaleString(undefined, SHORT_WHEN)}</td>
              <td>{run.config.strategy}</td>
              <td>
                {formatCount(run.config.workers)} × {formatCount(run.config.iterations)}
              </td>
              <td>
                {run.result?.summary.lostUpdates ? formatCount(run.result.summary.lostUpdates.median) : run.status}
              </td>
              <td>{run.result?.summary.opsPerSecond ? formatRate(run.result.summary.opsPerSecond.median) : '—'}</td>
              <td>{runtimeLabel(run)}</td>
              <td class="wrap">{hostLabel(run)}</td>
              <td class="wrap">{run.verified ? run.source : `${run.source} (unverified)`}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {history.nextCursor.value !== undefined ? (
        <button type="button" class="small" onClick={() => void history.more()}>
          More runs
        </button>
      ) : null}
      {picked.length === 2 ? <RunsSideBySide runs={[picked[0] as Run, picked[1] as Run]} /> : null}
    </section>
  );
}
