import { type Signal, useSignal } from '@preact/signals';
import type { Run } from '@racelab/api';
import { useCallback, useEffect, useMemo } from 'preact/hooks';
import { api } from '../api/client.js';
import { isActive } from '../format/figures.js';

const LIST_LIMIT = 20;
/** The API's page cap: refreshing re-reads what is shown, up to this many. */
const MAX_PAGE = 100;
/** While some run is queued or running, the list is read again this often. */
const POLL_MS = 1_000;

export interface RecentRuns {
  runs: Signal<Run[]>;
  /** Present when the notebook holds older runs than those shown. */
  nextCursor: Signal<string | undefined>;
  refresh(): Promise<void>;
  /** Appends the next page of older runs. */
  more(): Promise<void>;
}

/**
 * `GET /runs`, newest first, from the server's notebook: read on load, after each change the page
 * makes, and while runs are live; "More" reads the next page by its cursor.
 */
export function useRecentRuns(): RecentRuns {
  const runs = useSignal<Run[]>([]);
  const nextCursor = useSignal<string | undefined>(undefined);
  const refresh = useCallback(async () => {
    try {
      const limit = Math.min(MAX_PAGE, Math.max(LIST_LIMIT, runs.peek().length));
      const response = await api.runs.$get({ query: { limit } });
      if (!response.ok) return;
      const page = await response.json();
      runs.value = page.runs;
      nextCursor.value = page.nextCursor;
    } catch {
      // The server is away: keep showing what was last read.
    }
  }, [runs, nextCursor]);

  const more = useCallback(async () => {
    const cursor = nextCursor.peek();
    if (cursor === undefined) return;
    try {
      const response = await api.runs.$get({ query: { limit: LIST_LIMIT, cursor } });
      if (!response.ok) return;
      const page = await response.json();
      const shown = new Set(runs.peek().map((run) => run.id));
      runs.value = [...runs.peek(), ...page.runs.filter((run) => !shown.has(run.id))];
      nextCursor.value = page.nextCursor;
    } catch {
      // Keep what is shown; the button stays for another try.
    }
  }, [runs, nextCursor]);

  const live = runs.value.some(isActive);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => void refresh(), POLL_MS);
    return () => clearInterval(timer);
  }, [live, refresh]);
  return useMemo(() => ({ runs, nextCursor, refresh, more }), [runs, nextCursor, refresh, more]);
}
