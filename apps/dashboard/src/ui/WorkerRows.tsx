import { formatCount, workerRows } from '@racelab/schema/format';
import { Box, Text } from 'ink';
import { bar } from '../format/bars.js';
import { formatShare } from '../format/fairness.js';
import { useTheme } from '../hooks/use-theme.js';
import { barWidth } from './layout.js';

export interface WorkerRowsProps {
  perWorker: readonly number[];
  iterations: number;
  maxRows: number;
  columns: number;
  /** Lock strategies, once the trial is over: each worker's share of the lock (1 = an even share). */
  shares?: readonly (number | undefined)[];
}

/**
 * A progress bar per worker (or per group of workers when they do not all fit), and once a lock
 * strategy's trial is over, how much of the lock each worker got (a group shows its least-served).
 */
export function WorkerRows({ perWorker, iterations, maxRows, columns, shares }: WorkerRowsProps) {
  const theme = useTheme();
  // Grouping costs a line of its own, to say so.
  const rows = workerRows(perWorker, iterations, perWorker.length <= maxRows ? maxRows : Math.max(1, maxRows - 1));
  const labelWidth = Math.max(...rows.map((row) => row.label.length));
  const countWidth = Math.max(...rows.map((row) => formatCount(row.total).length));
  const grouped = rows.length < perWorker.length;
  const shareOf = (first: number, last: number) => {
    const values = shares?.slice(first, last + 1).filter((share): share is number => share !== undefined) ?? [];
    return values.length > 0 ? `${grouped ? 'least ' : ''}share ${formatShare(Math.min(...values))}` : '';
  };
  const shareWidth = shares ? Math.max(...rows.map((row) => shareOf(row.first, row.last).length)) + 1 : 0;
  const width = barWidth(columns, labelWidth + countWidth + 8 + shareWidth);
  return (
    <Box flexDirection="column">
      {rows.map((row) => {
        const fraction = row.total > 0 ? row.completed / row.total : 0;
        return (
          <Text key={row.label} wrap="truncate-end">
            {row.label.padEnd(labelWidth)}{' '}
            <Text color={fraction >= 1 ? theme.good : theme.accent}>{bar(fraction, width)}</Text>{' '}
            {formatCount(row.completed).padStart(countWidth)} {`${Math.floor(fraction * 100)}%`.padStart(4)}
            {shares ? <Text dimColor> {shareOf(row.first, row.last)}</Text> : null}
          </Text>
        );
      })}
      {grouped ? (
        <Text dimColor wrap="truncate-end">
          {perWorker.length} workers, {Math.ceil(perWorker.length / rows.length)} per row to fit the terminal
        </Text>
      ) : null}
    </Box>
  );
}
