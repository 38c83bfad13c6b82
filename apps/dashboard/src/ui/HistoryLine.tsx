import type { ExperimentResult } from '@racelab/schema';
import { formatCount, formatDuration, formatPercent, formatRate, formatRunSize } from '@racelab/schema/format';
import { Text } from 'ink';
import { useTheme } from '../hooks/use-theme.js';

/** A finished run, one line, kept above the live region (in Ink's <Static>) as the session's record. */
export function HistoryLine({ result }: { result: ExperimentResult }) {
  const theme = useTheme();
  const { config, summary } = result;
  const size = formatRunSize(config, 'short');
  const ok = result.status === 'completed' && summary.correct;
  return (
    <Text color={ok ? theme.good : theme.bad} wrap="truncate-end">
      {`${ok ? '✓' : '✗'} ${config.strategy.padEnd(9)}${size}  ${describe(result)}`}
    </Text>
  );
}

function describe(result: ExperimentResult): string {
  const { summary, expected } = result;
  const rate = formatRate(summary.opsPerSecond?.median ?? 0);
  if (result.error) return `${result.status}: ${result.error.message}`;
  const last = result.trials.at(-1);
  if (result.config.trials > 1 && summary.lostUpdates) {
    const { min, median, max } = summary.lostUpdates;
    if (max === 0) return `exact in all ${result.trials.length} trials  ${rate}`;
    return `lost ${formatCount(min)} to ${formatCount(max)}, median ${formatCount(median)}`;
  }
  if (!last) return 'no trial finished';
  const line = `Final counter: ${last.actual}`;
  if (last.lostUpdates === 0) return `${line}  ${rate}  ${formatDuration(last.runMs)}`;
  return `${line}  lost ${formatCount(last.lostUpdates)} (${formatPercent(last.lostUpdates, expected)})`;
}
