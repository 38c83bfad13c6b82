import type { Key } from 'ink';

export interface HistoryActions {
  move(direction: 1 | -1): void;
  /** Enter: run the picked run again, with its settings. */
  rerun(): void;
  /** Esc: back to the view the history was opened from. */
  back(): void;
  quit(reason: 'quit' | 'interrupt'): void;
}

/** The history list's keys; the dashboard's one input handler sends keys here while the list is shown. */
export function historyKey(actions: HistoryActions, input: string, key: Key): void {
  if (key.ctrl && input === 'c') return actions.quit('interrupt');
  if (input === 'q') return actions.quit('quit');
  if (key.escape) return actions.back();
  if (key.return) return actions.rerun();
  if (key.upArrow || input === 'k') return actions.move(-1);
  if (key.downArrow || input === 'j') return actions.move(1);
}
