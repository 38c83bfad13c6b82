import type { LiveFigures } from '@racelab/schema/format';
import { formatCount, formatDuration, formatPercent, formatRate } from '@racelab/schema/format';
import { Box, Text } from 'ink';
import { bar } from '../format/bars.js';
import { useTheme } from '../hooks/use-theme.js';
import { barWidth } from './layout.js';

export interface CounterPanelProps {
  figures: LiveFigures;
  columns: number;
}

/**
 * The shared counter against what it should reach, the updates lost so far, and how fast it goes:
 * one line each, truncated rather than wrapped, since the height budget counts them as one.
 */
export function CounterPanel({ figures, columns }: CounterPanelProps) {
  const theme = useTheme();
  const counterText = `${formatCount(figures.counter)} / ${formatCount(figures.expected)}`;
  const fraction = figures.expected > 0 ? figures.counter / figures.expected : 0;
  const lost = figures.lostUpdates > 0;
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        counter {counterText}{' '}
        <Text color={figures.result ? (lost ? theme.bad : theme.good) : theme.accent}>
          {bar(fraction, barWidth(columns, counterText.length + 9, 40))}
        </Text>
      </Text>
      <Text color={lost ? theme.bad : undefined} wrap="truncate-end">
        lost updates{figures.result ? '' : ' so far'} {formatCount(figures.lostUpdates)} (
        {formatPercent(figures.lostUpdates, figures.expected)})
      </Text>
      <Text wrap="truncate-end">
        throughput {formatRate(figures.opsPerSecond)} · elapsed {formatDuration(figures.elapsedMs)} · trial{' '}
        {figures.trial + 1}/{figures.trials}
      </Text>
    </Box>
  );
}
