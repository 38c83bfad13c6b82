import { type ExperimentResult, isSynchronized, STRATEGY_INFO } from '@racelab/schema';
import { formatCompact, formatCount, formatDuration, formatPercent, formatRate } from '@racelab/schema/format';
import { sparkline } from './bars.js';
import { finalCounterLine, LUCKY_RACE_HINT, lostSpread } from './comparison.js';
import { formatJain, formatLongestWait, workerFairnessLines } from './fairness.js';
import { createPaint, type Paint } from './paint.js';
import { table } from './table.js';
import { traceLines } from './trace-report.js';

type Size = Pick<ExperimentResult['config'], 'workers' | 'iterations' | 'trials'>;

/** `10 workers × 100,000 increments, 1 trial` */
export function sizeText(config: Size): string {
  const trials = config.trials === 1 ? '1 trial' : `${config.trials} trials`;
  return `${formatCount(config.workers)} workers × ${formatCount(config.iterations)} increments, ${trials}`;
}

/** The human report of `racelab run`: one row per trial, the spread of a repeated race, the final line. */
export function runReport(result: ExperimentResult, paint: Paint = createPaint(false)): string {
  const fair = result.trials.some((trial) => trial.fairness);
  const lines = [
    paint(
      'bold',
      `racelab run: ${result.config.strategy}, ${sizeText(result.config)}${result.config.trace ? ', traced' : ''}`,
    ),
    paint('dim', `  ${STRATEGY_INFO[result.config.strategy].description}`),
    '',
    ...table(
      [
        { header: 'trial', align: 'right' },
        { header: 'final counter', align: 'right' },
        { header: 'expected', align: 'right' },
        { header: 'lost updates', align: 'right' },
        { header: 'lost %', align: 'right' },
        { header: 'throughput', align: 'right' },
        ...(fair
          ? ([
              { header: 'fairness', align: 'right' },
              { header: 'max wait', align: 'right' },
            ] as const)
          : []),
        { header: 'run time', align: 'right' },
      ],
      result.trials.map((trial, index) => [
        String(index + 1),
        formatCount(trial.actual),
        formatCount(result.expected),
        formatCount(trial.lostUpdates),
        formatPercent(trial.lostUpdates, result.expected),
        formatRate(trial.opsPerSecond),
        ...(fair ? [formatJain(trial), formatLongestWait(trial)] : []),
        formatDuration(trial.runMs),
      ]),
    ),
  ];
  if (fair) lines.push('', ...workerFairnessLines(result));
  const spread = lostSpread(result.trials.map((trial) => trial.lostUpdates));
  if (spread?.max === 0) {
    lines.push('', `lost updates over ${spread.trials} trials: 0 every time`);
  } else if (spread) {
    lines.push(
      '',
      `lost updates over ${spread.trials} trials: min ${formatCount(spread.min)} · median ${formatCount(spread.median)} · max ${formatCount(spread.max)}`,
      `  ${formatCompact(spread.min)} ${sparkline(spread.counts)} ${formatCompact(spread.max)}`,
    );
  }
  const trace = traceLines(result, paint);
  if (trace.length > 0) lines.push('', ...trace);
  const last = result.trials.at(-1);
  if (last) {
    const line = finalCounterLine({ finalCounter: last.actual, expected: result.expected });
    lines.push('', result.summary.correct ? paint('green', line) : paint('red', line));
    if (!isSynchronized(result.config.strategy) && result.summary.correct) lines.push(paint('dim', LUCKY_RACE_HINT));
  }
  if (result.error) lines.push(paint('red', `${result.status}: ${result.error.message}`));
  return `${lines.join('\n')}\n`;
}
