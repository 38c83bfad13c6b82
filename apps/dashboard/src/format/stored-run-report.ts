import { type StoredRun, toRunSummary } from '@racelab/schema';
import { formatCount, formatPercent, formatRate } from '@racelab/schema/format';
import { formatConfig, formatLost, formatRuntime, formatWhen } from './history-table.js';
import { createPaint, type Paint } from './paint.js';
import { runReport } from './run-report.js';
import { table } from './table.js';

/** Where a stored run came from: `source cli · host lab-1 · node v20.20.2 · verified · 2026-12-03 13:04 · id …` */
export function provenanceLine(run: StoredRun): string {
  const summary = toRunSummary(run);
  const parts = [
    `source ${run.source}`,
    `host ${summary.host ?? 'unknown'}`,
    formatRuntime(summary),
    run.verified ? 'verified (this racelab ran it)' : 'unverified (sent in from elsewhere)',
    formatWhen(run.createdAt),
    `id ${run.id}`,
  ];
  return parts.join(' · ');
}

/** `racelab show ID`: the report `racelab run` printed, and where the run came from. */
export function storedRunReport(run: StoredRun, paint: Paint = createPaint(false)): string {
  const head = run.result
    ? runReport(run.result, paint)
    : `${paint('bold', `racelab run: ${run.config.strategy}, ${formatConfig(run.config)}`)}\n${run.status}${
        run.error ? `: ${run.error.message}` : ''
      }\n`;
  return `${head}\n${paint('dim', provenanceLine(run))}\n`;
}

/** `racelab compare ID ID…`: stored runs side by side, whatever their strategies and sizes. */
export function storedRunsComparison(runs: readonly StoredRun[], paint: Paint = createPaint(false)): string {
  const rows = runs.map((run) => {
    const summary = toRunSummary(run);
    const last = run.result?.trials.at(-1);
    const expected = run.result?.expected ?? 0;
    return [
      summary.id,
      summary.strategy,
      formatConfig(summary),
      last === undefined ? '—' : formatCount(last.actual),
      formatLost(summary),
      summary.lostUpdatesMedian === null ? '—' : formatPercent(summary.lostUpdatesMedian, expected),
      summary.opsPerSecondMedian === null ? '—' : formatRate(summary.opsPerSecondMedian),
      formatRuntime(summary),
      summary.host ?? '—',
      summary.verified ? summary.source : `${summary.source}*`,
      formatWhen(summary.createdAt),
    ];
  });
  const lines = [
    paint('bold', `racelab compare: ${runs.length} stored runs`),
    '',
    ...table(
      [
        { header: 'id', align: 'left' },
        { header: 'strategy', align: 'left' },
        { header: 'config', align: 'left' },
        { header: 'final counter', align: 'right' },
        { header: 'lost (median)', align: 'right' },
        { header: 'lost %', align: 'right' },
        { header: 'throughput', align: 'right' },
        { header: 'runtime', align: 'left' },
        { header: 'host', align: 'left' },
        { header: 'source', align: 'left' },
        { header: 'when', align: 'left' },
      ],
      rows,
    ),
  ];
  if (runs.some((run) => !run.verified)) lines.push('', paint('dim', '* sent in from elsewhere: unverified'));
  return `${lines.join('\n')}\n`;
}
