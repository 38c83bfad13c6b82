import { Box, Text } from 'ink';
import { Fragment } from 'react';
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
    <Box>
      <Text>
        {KEYS[view].map(([key, action], index) => (
          <Fragment key={key}>
            {index > 0 ? '  ' : ''}
            <Text bold color={theme.accent}>
              {key}
            </Text>{' '}
            <Text dimColor>{action}</Text>
          </Fragment>
        ))}
      </Text>
    </Box>
  );
}
