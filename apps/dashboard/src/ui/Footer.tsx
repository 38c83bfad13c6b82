import { Box, Text } from 'ink';
import { useTheme } from '../hooks/use-theme.js';

export type View = 'live' | 'compare' | 'trace' | 'history';

const KEYS: Record<View, ReadonlyArray<readonly [string, string]>> = {
  live: [
    ['r', 'run'],
    ['s', 'strategy'],
    ['↑↓', 'workers'],
    ['←→', 'iterations'],
    ['t', 'trials'],
    ['c', 'compare'],
    ['x', 'trace'],
    // `log`, not `history`: the live view's keys fit two lines of 80 columns, tracing on or off.
    ['h', 'log'],
    ['q', 'quit'],
  ],
  compare: [
    ['r', 'rerun'],
    ['↑↓', 'workers'],
    ['←→', 'iterations'],
    ['t', 'trials'],
    ['c', 'live view'],
    ['x', 'trace'],
    ['h', 'log'],
    ['q', 'quit'],
  ],
  trace: [
    ['v', 'back'],
    ['↑↓', 'scroll'],
    ['r', 'run'],
    ['x', 'trace on/off'],
    ['h', 'log'],
    ['q', 'quit'],
  ],
  history: [
    ['↑↓', 'pick'],
    ['enter', 'run it again'],
    ['esc', 'back'],
    ['q', 'quit'],
  ],
};

const KEY_GAP = 2;

/** The view's keys; `x` says whether the next runs are traced. */
function keysOf(view: View, tracing: boolean): ReadonlyArray<readonly [string, string]> {
  if (!tracing || view === 'trace' || view === 'history') return KEYS[view];
  return KEYS[view].map(([key, action]) => (key === 'x' ? ([key, 'trace ✓'] as const) : ([key, action] as const)));
}

/** Lines the footer takes at `columns`: its keys wrap as whole boxes, as Ink's flex-wrap lays them out. */
export function footerLines(view: View, columns: number, tracing = false): number {
  let lines = 1;
  let used = 0;
  for (const [key, action] of keysOf(view, tracing)) {
    const width = key.length + 1 + action.length;
    const needed = used === 0 ? width : used + KEY_GAP + width;
    if (needed > columns && used > 0) {
      lines++;
      used = width;
    } else {
      used = needed;
    }
  }
  return lines;
}

export function Footer({ view, tracing = false }: { view: View; tracing?: boolean }) {
  const theme = useTheme();
  return (
    // Each key is its own box, so a narrow terminal wraps between keys, never inside one.
    <Box flexWrap="wrap" columnGap={KEY_GAP}>
      {keysOf(view, tracing).map(([key, action]) => (
        <Text key={key}>
          <Text bold color={theme.accent}>
            {key}
          </Text>{' '}
          <Text dimColor>{action}</Text>
        </Text>
      ))}
    </Box>
  );
}
