import { formatCompact, formatCount } from '@racelab/schema/format';
import { Box, Text } from 'ink';
import { sparkline } from '../format/bars.js';
import { lostSpread } from '../format/comparison.js';
import { useTheme } from '../hooks/use-theme.js';

export interface TrialSpreadProps {
  /** Lost updates of each finished trial. */
  lostUpdates: readonly number[];
  trials: number;
}

/** How differently the same race ends each time: the min/median/max and a histogram as a sparkline. */
export function TrialSpread({ lostUpdates, trials }: TrialSpreadProps) {
  const theme = useTheme();
  const spread = lostSpread(lostUpdates);
  const heading = `lost updates over ${lostUpdates.length}/${trials} trials`;
  if (!spread) {
    return (
      <Box flexDirection="column">
        <Text dimColor>{heading}: waiting for a second trial</Text>
        <Text> </Text>
      </Box>
    );
  }
  if (spread.max === 0) {
    return (
      <Box flexDirection="column">
        <Text color={theme.good}>{heading}: 0 every time</Text>
        <Text> </Text>
      </Box>
    );
  }
  // Two lines that never wrap, whatever the numbers: the live view budgets exactly two for the spread.
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        {heading}: median {formatCount(spread.median)}
      </Text>
      <Text wrap="truncate-end">
        {'  '}
        {formatCompact(spread.min)} <Text color={theme.bad}>{sparkline(spread.counts)}</Text>{' '}
        {formatCompact(spread.max)}
        {'  '}(min {formatCount(spread.min)} · max {formatCount(spread.max)})
      </Text>
    </Box>
  );
}
