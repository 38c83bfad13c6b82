import type { Run } from '@racelab/api';
import { formatCount, formatPercent, formatRate } from '@racelab/schema/format';
import { hostLabel, runtimeLabel } from '../format/history.js';

const ROWS: ReadonlyArray<readonly [string, (run: Run) => string]> = [
  ['strategy', (run) => run.config.strategy],
  [
    'settings',
    (run) => `${formatCount(run.config.workers)} × ${formatCount(run.config.iterations)} × ${run.config.trials}`,
  ],
  ['status', (run) => run.status],
  ['final counter', (run) => (run.result?.trials.at(-1) ? formatCount(run.result.trials.at(-1)?.actual ?? 0) : '—')],
  ['expected', (run) => (run.result ? formatCount(run.result.expected) : '—')],
  [
    'lost updates (median)',
    (run) => (run.result?.summary.lostUpdates ? formatCount(run.result.summary.lostUpdates.median) : '—'),
  ],
  [
    'lost %',
    (run) =>
      run.result?.summary.lostUpdates ? formatPercent(run.result.summary.lostUpdates.median, run.result.expected) : '—',
  ],
  [
    'throughput (median)',
    (run) => (run.result?.summary.opsPerSecond ? formatRate(run.result.summary.opsPerSecond.median) : '—'),
  ],
  ['runtime', runtimeLabel],
  ['host', hostLabel],
  ['cores', (run) => (run.result ? String(run.result.environment.cpus) : '—')],
  ['source', (run) => run.source],
  ['verified', (run) => (run.verified ? 'yes' : 'no (sent in)')],
  ['when', (run) => new Date(run.createdAt).toLocaleString()],
];

/** Two stored runs, one column each: whatever their strategies, sizes and machines. */
export function RunsSideBySide({ runs }: { runs: readonly [Run, Run] }) {
  return (
    <table class="compare-runs" data-testid="runs-side-by-side">
      <caption>Two runs side by side</caption>
      <thead>
        <tr>
          <th scope="col">
            <span class="visually-hidden">figure</span>
          </th>
          {runs.map((run) => (
            <th key={run.id} scope="col">
              <a href={`/?run=${encodeURIComponent(run.id)}`}>{run.id.slice(0, 8)}</a>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {ROWS.map(([label, cell]) => (
          <tr key={label}>
            <th scope="row">{label}</th>
            {runs.map((run) => (
              <td key={run.id}>{cell(run)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
