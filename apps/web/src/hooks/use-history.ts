import { type Signal, useSignal } from '@preact/signals';
import type { Run } from '@racelab/api';
import { useCallback, useEffect, useMemo } from 'preact/hooks';
import { api } from '../api/client.js';
import { type Problem, problemFrom, problemFromError } from '../api/problem.js';
import { filterQuery, type HistoryFilters, NO_FILTERS } from '../format/history.js';

/** The History view reads big pages: the chart wants many runs at once. */
const PAGE = 100;

export interface History {
  filters: Signal<HistoryFilters>;
  runs: Signal<Run[]>;
  nextCursor: Signal<string | undefined>;
  problem: Signal<Problem | undefined>;
  loading: Signal<boolean>;
  /** Ids of the runs picked for the side-by-side table, at most two, the latest pick last. */
  picked: Signal<string[]>;
  search(filters: HistoryFilters): Promise<void>;
  more(): Promise<void>;
  pick(id: string): void;
}

/** `GET /runs` with the History view's filters; the server validates them and names a bad one. */
export function useHistory(): History {
  const filters = useSignal<HistoryFilters>(NO_FILTERS);
  const runs = useSignal<Run[]>([]);
  const nextCursor = useSignal<string | undefined>(undefined);
  const problem = useSignal<Problem | undefined>(undefined);
  const loading = useSignal(false);
  const picked = useSignal<string[]>([]);

  const read = useCallback(
    async (query: Record<string, string>, append: boolean) => {
      loading.value = true;
      try {
        const response = await api.runs.$get({ query: { ...query, limit: PAGE } });
        if (!response.ok) {
          problem.value = await problemFrom(response);
          return;
        }
        const page = await response.json();
        problem.value = undefined;
        runs.value = append ? [...runs.peek(), ...page.runs] : page.runs;
        nextCursor.value = page.nextCursor;
      } catch (error) {
        problem.value = problemFromError(error);
      } finally {
        loading.value = false;
      }
    },
    [runs, nextCursor, problem, loading],
  );

  const search = useCallback(
    async (next: HistoryFilters) => {
      filters.value = next;
      picked.value = [];
      await read(filterQuery(next), false);
    },
    [filters, picked, read],
  );

  const more = useCallback(async () => {
    const cursor = nextCursor.peek();
    if (cursor !== undefined) await read({ ...filterQuery(filters.peek()), cursor }, true);
  }, [nextCursor, filters, read]);

  const pick = useCallback(
    (id: string) => {
      const now = picked.peek();
      picked.value = now.includes(id) ? now.filter((one) => one !== id) : [...now, id].slice(-2);
    },
    [picked],
  );

  useEffect(() => {
    void read({}, false);
  }, [read]);

  return useMemo(
    () => ({ filters, runs, nextCursor, problem, loading, picked, search, more, pick }),
    [filters, runs, nextCursor, problem, loading, picked, search, more, pick],
  );
}
