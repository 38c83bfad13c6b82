import { Box, Text } from 'ink';
import { useTheme } from '../hooks/use-theme.js';

export type View = 'live' | 'compare' | 'history';

const KEYS: Record<View, ReadonlyArray<readonly [string, string]>> = {
  live: [
    ['r', 'run'],
    ['s', 'strategy'],
    ['↑↓', 'workers'],
    ['←→', 'iterations'],
    ['t', 'trials'],
    ['c', 'compare'],
    // `log`, not `history`: the live view's keys must fit one line of 80 columns.
    ['h', 'log'],
    ['q', 'quit'],
  ],
  compare: [
    ['r', 'rerun'],
    ['↑↓', 'workers'],
    ['←→', 'iterations'],
    ['t', 'trials'],
    ['c', 'live view'],
    ['h', 'history'],
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

/** Lines the footer takes at `columns`: its keys wrap as whole boxes, as Ink's flex-wrap lays them out. */
export function footerLines(view: View, columns: number): number {
  let lines = 1;
  let used = 0;
  for (const [key, action] of KEYS[view]) {
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

export function Footer({ view }: { view: View }) {
  const theme = useTheme();
  return (
    // Each key is its own box, so a narrow terminal wraps between keys, never inside one.
    <Box flexWrap="wrap" columnGap={KEY_GAP}>
      {KEYS[view].map(([key, action]) => (
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
