import { Box, Text } from 'ink';
import { useTheme } from '../hooks/use-theme.js';

export type View = 'live' | 'compare';

const KEYS: Record<View, ReadonlyArray<readonly [string, string]>> = {
  live: [
    ['r', 'run'],
    ['s', 'strategy'],
    ['↑↓', 'workers'],
    ['←→', 'iterations'],
    ['t', 'trials'],
    ['c', 'compare'],
    ['q', 'quit'],
  ],
  compare: [
    ['r', 'rerun'],
    ['↑↓', 'workers'],
    ['←→', 'iterations'],
    ['t', 'trials'],
    ['c', 'live view'],
    ['q', 'quit'],
  ],
};

/** The footer as plain text, to measure how many lines it wraps to. */
export function footerText(view: View): string {
  return KEYS[view].map(([key, action]) => `${key} ${action}`).join('  ');
}

export function Footer({ view }: { view: View }) {
  const theme = useTheme();
  return (
    // Each key is its own box, so a narrow terminal wraps between keys, never inside one.
    <Box flexWrap="wrap" columnGap={2}>
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
