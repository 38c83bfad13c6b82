import { STRATEGY_DESCRIPTIONS } from '@racelab/schema';
import { Box, Text } from 'ink';
import { formatCount } from '../format/numbers.js';
import { type Batch, currentConfig } from '../hooks/use-experiment.js';
import type { TerminalSize } from '../hooks/use-terminal-size.js';
import { useTheme } from '../hooks/use-theme.js';
import { CounterPanel } from './CounterPanel.js';
import { finishedTrialLosses, liveFigures } from './figures.js';
import { SPREAD_LINES, workerRowBudget } from './layout.js';
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
  const figures = liveFigures(batch);
  const description = STRATEGY_DESCRIPTIONS[config.strategy];
  const descriptionLines = Math.ceil(description.length / size.columns);
  const spreadLines = config.trials > 1 ? SPREAD_LINES : 0;
  const maxRows = workerRowBudget(size.rows, reservedLines + spreadLines + descriptionLines - 1);
  return (
    <Box flexDirection="column">
      <Text>
        <Text bold>racelab</Text> · <Text color={theme.accent}>{config.strategy}</Text> · {formatCount(config.workers)}{' '}
        workers × {formatCount(config.iterations)} increments
      </Text>
      <Text dimColor>{description}</Text>
      <Text> </Text>
      <WorkerRows
        perWorker={figures.perWorker}
        iterations={config.iterations}
        maxRows={maxRows}
        columns={size.columns}
      />
      <Text> </Text>
      <CounterPanel figures={figures} columns={size.columns} />
      {config.trials > 1 ? (
        <TrialSpread lostUpdates={finishedTrialLosses(batch, figures)} trials={config.trials} />
      ) : null}
      <Verdict batch={batch} figures={figures} />
    </Box>
  );
}
