import { type Signal, useSignal } from '@preact/signals';
import type { Run } from '@racelab/api';
import { useCallback, useEffect, useMemo } from 'preact/hooks';
import { api } from '../api/client.js';
import { isActive } from '../format/figures.js';

const LIST_LIMIT = 20;
/** While some run is queued or running, the list is read again this often. */
const POLL_MS = 1_000;

export interface RecentRuns {
  runs: Signal<Run[]>;
  refresh(): Promise<void>;
}

/** `GET /runs`, newest first: read on load, after each change the page makes, and while runs are live. */
export function useRecentRuns(): RecentRuns {
  const runs = useSignal<Run[]>([]);
  const refresh = useCallback(async () => {
    try {
      const response = await api.runs.$get({ query: { limit: LIST_LIMIT } });
      if (response.ok) runs.value = (await response.json()).runs;
    } catch {
      // The server is away: keep showing what was last read.
    }
  }, [runs]);

  const live = runs.value.some(isActive);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => void refresh(), POLL_MS);
    return () => clearInterval(timer);
  }, [live, refresh]);
  return useMemo(() => ({ runs, refresh }), [runs, refresh]);
}
