import type { Strategy } from '@racelab/schema';
import { STRATEGIES } from '@racelab/schema';
import { useInput } from 'ink';
import { type HistoryActions, historyKey } from './use-history-keys.js';

export interface DashboardActions {
  run(): void;
  /** The next strategy, or a given one (keys 1–4). */
  strategy(choice?: Strategy): void;
  workers(direction: 1 | -1): void;
  iterations(direction: 1 | -1): void;
  trials(): void;
  toggleView(): void;
  /** Turn tracing on or off for the next runs. */
  trace(): void;
  /** Open or close the trace view of the latest traced run. */
  traceView(): void;
  /** The notebook's newest runs, to pick one and run it again. */
  history(): void;
  stop(): void;
  /** `interrupt` for Ctrl+C, so the process can exit with 130 as after SIGINT. */
  quit(reason: 'quit' | 'interrupt'): void;
}

/**
 * The dashboard's keyboard: one place mapping keys to actions, matching the footer. One handler for
 * every view, asked which view is shown at each key: keys typed right after a view changes go to
 * the new view, never to the one it replaced.
 */
export function useDashboardKeys(
  actions: DashboardActions,
  history?: { actions: HistoryActions; shown(): boolean },
): void {
  useInput((input, key) => {
    if (history?.shown()) return historyKey(history.actions, input, key);
    if (key.ctrl && input === 'c') return actions.quit('interrupt');
    if (input === 'q') return actions.quit('quit');
    if (key.escape) return actions.stop();
    if (input === 'r' || key.return) return actions.run();
    if (input === 's') return actions.strategy();
    const chosen = STRATEGIES[Number(input) - 1];
    if (/^[1-9]$/.test(input) && chosen) return actions.strategy(chosen);
    if (key.upArrow || input === 'w') return actions.workers(1);
    if (key.downArrow || input === 'W') return actions.workers(-1);
    if (key.rightArrow || input === 'i') return actions.iterations(1);
    if (key.leftArrow || input === 'I') return actions.iterations(-1);
    if (input === 't') return actions.trials();
    if (input === 'c') return actions.toggleView();
    if (input === 'x') return actions.trace();
    if (input === 'v') return actions.traceView();
    if (input === 'h') return actions.history();
  });
}
