import { isSynchronized } from '@racelab/schema';
import type { LiveFigures } from '@racelab/schema/format';
import { Text } from 'ink';
import { finalCounterLine } from '../format/comparison.js';
import type { Batch } from '../hooks/use-experiment.js';
import { useTheme } from '../hooks/use-theme.js';

/** The seed lesson's last line once a run is over; what is happening while it is not. */
export function Verdict({ batch, figures }: { batch: Batch; figures: LiveFigures }) {
  const theme = useTheme();
  if (batch.state === 'failed')
    return (
      <Text color={theme.bad} wrap="truncate-end">
        ✗ failed: {batch.problem}
      </Text>
    );
  if (batch.state === 'stopped') return <Text dimColor>stopped: press r to run again</Text>;
  if (!figures.result && !batch.progress) {
    // The first run, or one with more workers than are warm, spends a while spawning threads.
    return <Text dimColor>starting {figures.perWorker.length} worker threads… (esc stops it)</Text>;
  }
  if (!figures.result) return <Text dimColor>running… (esc stops it)</Text>;
  const line = finalCounterLine({ finalCounter: figures.counter, expected: figures.expected });
  if (figures.lostUpdates > 0) {
    return (
      <Text color={theme.bad} wrap="truncate-end">
        ✗ {line}
      </Text>
    );
  }
  const lucky = !isSynchronized(figures.result.config.strategy);
  return (
    // One line, always: the live view's height budget counts the verdict as one.
    <Text color={theme.good} wrap="truncate-end">
      ✓ {line}
      {lucky ? <Text dimColor> (lucky: nothing lost this time; press r or →)</Text> : null}
    </Text>
  );
}
