/** The trace in words, built once here so the CLI, the dashboard and the page tell it the same way. */
import { formatInteger } from './messages.js';
import type { Rollback } from './trace.js';

/**
 * `w6 read 421,019 and wrote 421,020; w1, paused since it read 259,503, then wrote 259,504: 161,516
 * updates erased at once` (`another thread` when the logs cannot tell who wrote the stale value).
 */
export function rollbackStory(rollback: Rollback): string {
  const { seenBy, from, to, erased, writer } = rollback;
  const who = writer === undefined ? 'another thread' : `w${writer}`;
  const updates = erased === 1 ? '1 update erased' : `${formatInteger(erased)} updates erased at once`;
  return `w${seenBy} read ${formatInteger(from - 1)} and wrote ${formatInteger(from)}; ${who}, paused since it read ${formatInteger(to - 1)}, then wrote ${formatInteger(to)}: ${updates}`;
}
