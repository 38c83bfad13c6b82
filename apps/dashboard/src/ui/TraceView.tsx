import type { ExperimentResult } from '@racelab/schema';
import {
  accountingLine,
  biggestRollbacks,
  firstViewedTrial,
  formatCount,
  formatRunSize,
  rollbackStory,
  type TraceTotals,
  traceTotals,
} from '@racelab/schema/format';
import { Box, Text } from 'ink';
import { sparkRow, sparkSegments, viewsTop, wrapWords } from '../format/trace-sparks.js';
import type { TerminalSize } from '../hooks/use-terminal-size.js';
import { useTheme } from '../hooks/use-theme.js';

export interface TraceViewProps {
  /** The latest traced result, if any run was traced yet. */
  result: ExperimentResult | undefined;
  size: TerminalSize;
  /** Lines the rest of the screen (footer, notice) takes. */
  reservedLines: number;
  /** The first worker row shown, when the workers do not all fit (↑↓ scroll). */
  offset: number;
}

const STORY_INDENT = '  ';

/** The first worker row that keeps `offset` in range for `workers` rows shown `fit` at a time. */
export function clampOffset(offset: number, workers: number, fit: number): number {
  return Math.max(0, Math.min(offset, workers - fit));
}

/**
 * Which update overwrote which, from a traced run: the accounting (every lost update is a value
 * read again or a read at or above the final counter), the three biggest rollbacks in the CLI's
 * words, and a line of sparks per worker for what it read, rollbacks marked.
 */
export function TraceView({ result, size, reservedLines, offset }: TraceViewProps) {
  const theme = useTheme();
  const totals = result ? traceTotals(result) : undefined;
  if (!result || !totals) {
    return (
      <Box flexDirection="column">
        <Text bold>racelab · trace</Text>
        <Text dimColor>No traced run yet: press x to trace the next runs, then v here again.</Text>
      </Box>
    );
  }
  const { columns } = size;
  const over = totals.trials === 1 ? '' : ` (${totals.trials} trials)`;
  const header = `racelab · trace · ${result.config.strategy} · ${formatRunSize(result.config, 'short')}${over}`;
  const stories = biggestRollbacks(result, 3).map(({ rollback, trial }) => {
    const where = totals.trials === 1 ? '' : `trial ${trial + 1}: `;
    return wrapWords(`${where}${rollbackStory(rollback)}`, columns - STORY_INDENT.length);
  });
  const rollbackLine = rollbacksLine(totals, stories.length > 0);
  const viewed = firstViewedTrial(result);
  const views = viewed?.trace.views ?? [];
  const fixed = 3 + stories.reduce((sum, lines) => sum + lines.length, 0) + (viewed ? 1 : 0);
  // One line for the cursor Ink parks below the region; one more to say what is scrolled away.
  let fit = Math.max(1, size.rows - 1 - reservedLines - fixed);
  if (views.length > fit) fit = Math.max(1, fit - 1);
  const first = clampOffset(offset, views.length, fit);
  const shown = views.slice(first, first + fit);
  const labelWidth = `w${Math.max(0, ...views.map((view) => view.worker))}`.length;
  const top = viewsTop(views);
  const { iterations } = result.config;
  // The suffix does not depend on the width, so every row's is known before the sparks are laid out.
  const suffixWidth = Math.max(
    0,
    ...views.map((view) => erasedSuffix(sparkRow(view, iterations, 1, top).biggestErased).length),
  );
  const width = Math.max(5, columns - labelWidth - 1 - suffixWidth - 1);
  const rows = shown.map((view) => sparkRow(view, iterations, width, top));
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate-end">
        {header}
      </Text>
      <Text color={totals.lostUpdates > 0 ? theme.bad : theme.good} wrap="truncate-end">
        {accountingLine(totals)}
      </Text>
      <Text wrap="truncate-end">{rollbackLine}</Text>
      {stories.map((lines, index) => (
        <Box key={String(index)} flexDirection="column">
          {lines.map((line, at) => (
            <Text key={String(at)} wrap="truncate-end">
              {STORY_INDENT}
              {line}
            </Text>
          ))}
        </Box>
      ))}
      {viewed ? (
        <Text dimColor wrap="truncate-end">
          {`reads of each thread${totals.trials === 1 ? '' : ` in trial ${viewed.trial + 1}`}: 0 → ${formatCount(top)} over ${formatCount(result.config.iterations)} increments, rollbacks marked`}
        </Text>
      ) : null}
      {rows.map((row) => (
        <Text key={row.worker} wrap="truncate-end">
          {`w${row.worker}`.padEnd(labelWidth)}{' '}
          {sparkSegments(row).map((segment, at) =>
            segment.marked ? (
              <Text key={String(at)} color={theme.bad} inverse>
                {segment.text}
              </Text>
            ) : (
              segment.text
            ),
          )}{' '}
          <Text dimColor>{erasedSuffix(row.biggestErased)}</Text>
        </Text>
      ))}
      {views.length > fit ? (
        <Text dimColor wrap="truncate-end">
          w{shown[0]?.worker}–w{shown.at(-1)?.worker} of {views.length} workers · ↑↓ scroll
        </Text>
      ) : null}
    </Box>
  );
}

/** `1,234 rollbacks erased 567,890 updates in all; the biggest:` */
function rollbacksLine(totals: TraceTotals, stories: boolean): string {
  if (totals.rollbacks === 0) {
    return totals.lostUpdates === 0
      ? 'the counter never went backwards'
      : 'no thread read a value below one it had just written';
  }
  const rollbacks = totals.rollbacks === 1 ? '1 rollback' : `${formatCount(totals.rollbacks)} rollbacks`;
  return `${rollbacks} erased ${formatCount(totals.erased)} updates in all${stories ? '; the biggest:' : ''}`;
}

/** `↓161,516`: the biggest rollback a worker's view shows, in updates erased. */
function erasedSuffix(erased: number): string {
  return erased > 0 ? `↓${formatCount(erased)}` : '';
}
