import { type RunSummary, runSummaryCsvHeader, runSummaryCsvRow, type StoredRun, toRunSummary } from '@racelab/schema';
import { formatCount, formatRate } from '@racelab/schema/format';
import { table } from './table.js';

/** `2026-12-03 13:04`, in the terminal's own time zone: when a person made the run. */
export function formatWhen(iso: string): string {
  const date = new Date(iso);
  const two = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}`;
}

/** `10×100,000` and `×5` when repeated: a config in the width of a column. */
export function formatConfig(summary: Pick<RunSummary, 'workers' | 'iterations' | 'trials'>): string {
  const trials = summary.trials > 1 ? `×${summary.trials}t` : '';
  return `${formatCount(summary.workers)}×${formatCount(summary.iterations)}${trials}`;
}

/** `node v20.20.2`, or `—` for a run that never started. */
export function formatRuntime(summary: Pick<RunSummary, 'runtimeName' | 'runtimeVersion'>): string {
  if (summary.runtimeName === undefined) return '—';
  if (summary.runtimeName === 'browser') return 'browser';
  return `${summary.runtimeName} ${summary.runtimeVersion ?? ''}`.trim();
}

/** Lost updates (median over the trials), or the status of a run that has none. */
export function formatLost(summary: Pick<RunSummary, 'lostUpdatesMedian' | 'status'>): string {
  return summary.lostUpdatesMedian === null ? summary.status : formatCount(summary.lostUpdatesMedian);
}

/** `racelab history`: one row a run, newest first, ids last so they can be copied whole. */
export function historyTable(runs: readonly StoredRun[]): string[] {
  const rows = runs.map((run) => {
    const summary = toRunSummary(run);
    return [
      formatWhen(summary.createdAt),
      summary.strategy,
      formatConfig(summary),
      formatLost(summary),
      summary.opsPerSecondMedian === null ? '—' : formatRate(summary.opsPerSecondMedian),
      formatRuntime(summary),
      summary.host ?? '—',
      summary.verified ? summary.source : `${summary.source}*`,
      summary.id,
    ];
  });
  return table(
    [
      { header: 'when', align: 'left' },
      { header: 'strategy', align: 'left' },
      { header: 'config', align: 'left' },
      { header: 'lost', align: 'right' },
      { header: 'throughput', align: 'right' },
      { header: 'runtime', align: 'left' },
      { header: 'host', align: 'left' },
      { header: 'source', align: 'left' },
      { header: 'id', align: 'left' },
    ],
    rows,
  );
}

/** The CSV header of every notebook export: the API's `GET /runs?format=csv` writes the same columns. */
export const CSV_HEADER = runSummaryCsvHeader();

/** One CSV record (a `RunSummary`, the columns a run is found by), as the API writes it. */
export function csvRecord(run: StoredRun): string {
  return runSummaryCsvRow(toRunSummary(run));
}
