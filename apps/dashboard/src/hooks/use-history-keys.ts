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
  if (key.ctrl && input === 'c') actions.quit('interrupt');
  else if (input === 'q') actions.quit('quit');
  else if (key.escape) actions.back();
  else if (key.return) actions.rerun();
  else if (key.upArrow || input === 'k') actions.move(-1);
  else if (key.downArrow || input === 'j') actions.move(1);
}
