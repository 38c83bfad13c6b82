import { type StoredRun, toRunSummary } from '@racelab/schema';
import { formatCount, formatRate } from '@racelab/schema/format';
import { Box, Text } from 'ink';
import { formatConfig } from '../format/history-table.js';
import { table } from '../format/table.js';
import { useTheme } from '../hooks/use-theme.js';

export type HistoryState =
  | { state: 'loading' }
  | { state: 'failed'; problem: string }
  | { state: 'ready'; runs: StoredRun[]; selected: number; location: string | undefined };

/** `12-03 13:04`: the year and seconds add nothing to a list of today's runs. */
function shortWhen(iso: string): string {
  const date = new Date(iso);
  const two = (value: number) => String(value).padStart(2, '0');
  return `${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}`;
}

/** One row a stored run: when, strategy, config, final counter and lost updates, throughput, source. */
export function historyRows(runs: readonly StoredRun[]): string[] {
  const rows = runs.map((run) => {
    const summary = toRunSummary(run);
    const last = run.result?.trials.at(-1);
    return [
      shortWhen(summary.createdAt),
      summary.strategy,
      formatConfig(summary),
      last === undefined ? run.status : formatCount(last.actual),
      summary.lostUpdatesMedian === null ? '' : `lost ${formatCount(summary.lostUpdatesMedian)}`,
      summary.opsPerSecondMedian === null ? '' : formatRate(summary.opsPerSecondMedian),
      summary.source,
    ];
  });
  const columns = ['when', 'strategy', 'config', 'counter', 'lost', 'throughput', 'source'];
  const aligns = ['left', 'left', 'left', 'right', 'right', 'right', 'left'] as const;
  return table(
    columns.map((header, index) => ({ header, align: aligns[index] ?? 'left' })),
    rows,
  );
}

/** The notebook's newest runs; ↑/↓ pick one, Enter runs it again with its settings, Esc goes back. */
export function HistoryView({ history, columns }: { history: HistoryState; columns: number }) {
  const theme = useTheme();
  if (history.state === 'loading') return <Text dimColor>reading the notebook…</Text>;
  if (history.state === 'failed') {
    return (
      <Text color={theme.bad} wrap="truncate-end">
        {`cannot read the notebook: ${history.problem}`}
      </Text>
    );
  }
  const where = history.location ? ` from ${history.location}` : '';
  if (history.runs.length === 0) return <Text dimColor wrap="truncate-end">{`no runs kept yet${where}`}</Text>;
  const [header, ...rows] = historyRows(history.runs);
  return (
    <Box flexDirection="column" width={columns}>
      <Text bold wrap="truncate-end">{`history · the ${history.runs.length} newest runs${where}`}</Text>
      <Text dimColor wrap="truncate-end">{`  ${header}`}</Text>
      {rows.map((row, index) => {
        const selected = index === history.selected;
        return (
          <Text
            key={history.runs[index]?.id}
            color={selected ? theme.accent : undefined}
            bold={selected}
            wrap="truncate-end"
          >
            {`${selected ? '▸' : ' '} ${row}`}
          </Text>
        );
      })}
    </Box>
  );
}
