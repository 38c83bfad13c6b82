import { type ExperimentResult, STRATEGIES, type Strategy } from '@racelab/schema';
import { formatCount, formatPercent, formatRate } from '@racelab/schema/format';
import { Box, Text } from 'ink';
import { bar } from '../format/bars.js';
import { closingResults, comparisonRow, finalCounterLine, LUCKY_RACE_HINT } from '../format/comparison.js';
import { formatJain, formatLongestWait } from '../format/fairness.js';
import { sizeText } from '../format/run-report.js';
import { type Batch, currentConfig } from '../hooks/use-experiment.js';
import { useTheme } from '../hooks/use-theme.js';
import { batchFigures } from './figures.js';
import { barWidth } from './layout.js';

const CELLS = [9, 14, 14, 9, 14, 10, 10] as const;

function cells(values: readonly string[]): string {
  return values
    .map((value, index) => (index === 0 ? value.padEnd(CELLS[0]) : value.padStart(CELLS[index] ?? 0)))
    .join('');
}

/**
 * Every strategy on the same settings, side by side (the locks with how evenly their workers got
 * them), closing on the race's total and then the lock's.
 */
export function CompareView({ batch, columns }: { batch: Batch; columns: number }) {
  const theme = useTheme();
  const config = currentConfig(batch);
  const width = barWidth(columns, CELLS.reduce((sum, cell) => sum + cell, 0) + 2, 30);
  const finished = new Map<Strategy, ExperimentResult>(batch.results.map((result) => [result.config.strategy, result]));
  return (
    <Box flexDirection="column">
      <Text>
        <Text bold>racelab</Text> · <Text color={theme.accent}>compare</Text> · {sizeText(config)}
      </Text>
      <Text bold wrap="truncate-end">
        {cells(['strategy', 'final counter', 'lost updates', 'lost %', 'throughput', 'fairness', 'max wait'])}
        {'  counter / expected'}
      </Text>
      {STRATEGIES.map((strategy) => {
        const result = finished.get(strategy);
        if (result) {
          const row = comparisonRow(result);
          const fraction = row.expected > 0 ? row.finalCounter / row.expected : 0;
          return (
            <Text key={strategy} color={row.correct ? undefined : theme.bad} wrap="truncate-end">
              {cells([
                strategy,
                formatCount(row.finalCounter),
                formatCount(row.lostUpdates),
                formatPercent(row.lostUpdates, row.expected),
                formatRate(row.opsPerSecond),
                formatJain(result.trials.at(-1)),
                formatLongestWait(result.trials.at(-1)),
              ])}
              {'  '}
              <Text color={row.correct ? theme.good : theme.bad}>{bar(fraction, width)}</Text>
            </Text>
          );
        }
        if (strategy === config.strategy && batch.state === 'running' && batch.progress) {
          const live = batchFigures(batch);
          return (
            <Text key={strategy} wrap="truncate-end">
              {cells([
                strategy,
                formatCount(live.counter),
                formatCount(live.lostUpdates),
                formatPercent(live.lostUpdates, live.expected),
                formatRate(live.opsPerSecond),
                '',
                '',
              ])}
              {'  '}
              <Text color={theme.accent}>{bar(live.expected > 0 ? live.counter / live.expected : 0, width)}</Text>
            </Text>
          );
        }
        return (
          <Text key={strategy} dimColor>
            {strategy.padEnd(CELLS[0])}
            {waitingText(strategy === config.strategy, batch.state)}
          </Text>
        );
      })}
      <Text> </Text>
      {closingResults(batch.results).map((result) => {
        const row = comparisonRow(result);
        return (
          <Box key={row.strategy} flexDirection="column">
            <Text color={row.correct ? theme.good : theme.bad}>
              {row.strategy.padEnd(CELLS[0])}
              {finalCounterLine(row)}
            </Text>
            {row.strategy === 'none' && row.correct ? (
              <Text dimColor>
                {' '.repeat(CELLS[0])}({LUCKY_RACE_HINT})
              </Text>
            ) : null}
          </Box>
        );
      })}
    </Box>
  );
}

function waitingText(isCurrent: boolean, state: Batch['state']): string {
  if (state === 'running') return isCurrent ? 'starting…' : 'waiting';
  return state === 'done' ? '' : state;
}
