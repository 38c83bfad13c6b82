import { STRATEGY_INFO } from '@racelab/schema';
import { formatCount } from '@racelab/schema/format';
import { Box, Text } from 'ink';
import { type Batch, currentConfig } from '../hooks/use-experiment.js';
import type { TerminalSize } from '../hooks/use-terminal-size.js';
import { useTheme } from '../hooks/use-theme.js';
import { CounterPanel } from './CounterPanel.js';
import { batchFigures, finishedTrialLosses } from './figures.js';
import { COMPACT_BELOW_ROWS, SPREAD_LINES, workerRowBudget } from './layout.js';
import { TrialSpread } from './TrialSpread.js';
import { Verdict } from './Verdict.js';
import { WorkerRows } from './WorkerRows.js';

export interface LiveViewProps {
  batch: Batch;
  size: TerminalSize;
  /** Lines the rest of the screen (footer, notice) takes, so the worker rows leave room for them. */
  reservedLines: number;
}

/** One experiment as it happens: a bar per worker, the shared counter, the updates it is losing. */
export function LiveView({ batch, size, reservedLines }: LiveViewProps) {
  const theme = useTheme();
  const config = currentConfig(batch);
  const figures = batchFigures(batch);
  const description = STRATEGY_INFO[config.strategy].description;
  // Small terminals get the bars and numbers only; the description and spacing come back with room.
  const compact = size.rows < COMPACT_BELOW_ROWS;
  const decorationLines = compact ? 0 : Math.ceil(description.length / size.columns) + 2;
  const spreadLines = config.trials > 1 ? SPREAD_LINES : 0;
  const maxRows = workerRowBudget(size.rows, reservedLines + spreadLines + decorationLines);
  const lastTrial = figures.result?.trials.at(-1);
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Text bold>racelab</Text> · <Text color={theme.accent}>{config.strategy}</Text> · {formatCount(config.workers)}{' '}
        workers × {formatCount(config.iterations)} increments
      </Text>
      {compact ? null : <Text dimColor>{description}</Text>}
      {compact ? null : <Text> </Text>}
      <WorkerRows
        perWorker={figures.perWorker}
        iterations={config.iterations}
        maxRows={maxRows}
        columns={size.columns}
        {...(lastTrial?.fairness ? { shares: lastTrial.workers.map((worker) => worker.share) } : {})}
      />
      {compact ? null : <Text> </Text>}
      <CounterPanel figures={figures} columns={size.columns} />
      {config.trials > 1 ? (
        <TrialSpread lostUpdates={finishedTrialLosses(batch, figures)} trials={config.trials} />
      ) : null}
      <Verdict batch={batch} figures={figures} />
    </Box>
  );
}
