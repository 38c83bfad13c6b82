import type { ExperimentResult } from '@racelab/schema';
import { formatCount, formatPercent, formatRate } from '@racelab/schema/format';
import { bar } from './bars.js';
import { closingResults, comparisonRow, finalCounterLine, LUCKY_RACE_HINT } from './comparison.js';
import { formatJain, formatLongestWait } from './fairness.js';
import { createPaint, type Paint } from './paint.js';
import { sizeText } from './run-report.js';
import { table } from './table.js';

const BAR_WIDTH = 20;

/**
 * The human report of `racelab compare`: the four strategies side by side (the locks with how evenly
 * their workers got them: Jain's index and the longest wait), closing on the lock.
 */
export function compareReport(results: readonly ExperimentResult[], paint: Paint = createPaint(false)): string {
  const first = results[0];
  if (!first) return 'racelab compare: no results\n';
  const rows = results.map(comparisonRow);
  const lines = [
    paint('bold', `racelab compare: every strategy, ${sizeText(first.config)}`),
    '',
    ...table(
      [
        { header: 'strategy', align: 'left' },
        { header: 'final counter', align: 'right' },
        { header: 'lost updates', align: 'right' },
        { header: 'lost %', align: 'right' },
        { header: 'throughput', align: 'right' },
        { header: 'fairness', align: 'right' },
        { header: 'max wait', align: 'right' },
        { header: 'counter / expected', align: 'left' },
      ],
      rows.map((row, index) => [
        row.strategy,
        formatCount(row.finalCounter),
        formatCount(row.lostUpdates),
        formatPercent(row.lostUpdates, row.expected),
        formatRate(row.opsPerSecond),
        formatJain(results[index]?.trials.at(-1)),
        formatLongestWait(results[index]?.trials.at(-1)),
        bar(row.expected > 0 ? row.finalCounter / row.expected : 0, BAR_WIDTH),
      ]),
    ),
    '',
  ];
  for (const result of closingResults(results)) {
    const row = comparisonRow(result);
    const text = `${row.strategy.padEnd(9)}${finalCounterLine(row)}`;
    lines.push(row.correct ? paint('green', text) : paint('red', text));
    if (row.strategy === 'none' && row.correct) lines.push(paint('dim', `${' '.repeat(9)}(${LUCKY_RACE_HINT})`));
  }
  for (const result of results) {
    if (result.error) lines.push(paint('red', `${result.config.strategy} ${result.status}: ${result.error.message}`));
  }
  return `${lines.join('\n')}\n`;
}
