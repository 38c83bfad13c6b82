import { type Signal, useSignal } from '@preact/signals';
import type { Run } from '@racelab/api';
import { type ExperimentConfigInput, STRATEGIES } from '@racelab/schema';
import { useCallback, useEffect, useMemo, useRef } from 'preact/hooks';
import { api } from '../api/client.js';
import { type Problem, problemFrom, problemFromError } from '../api/problem.js';
import { withToken } from '../api/token.js';
import { isActive, type RunState } from '../format/figures.js';
import { type RunFollower, useRunFollower } from './use-run-follower.js';

/** What the page is showing: one run, or the four strategies on the same settings. */
export interface Session {
  kind: 'single' | 'compare';
  /** One state per run, in the order they were queued; each is replaced by its final state. */
  states: RunState[];
}

export interface Lab {
  follower: RunFollower;
  session: Signal<Session | undefined>;
  /** Why the last start was refused: the API's 400 message and its per-field details. */
  problem: Signal<Problem | undefined>;
  busy: Signal<boolean>;
  /** Resolves with the run's final state once it has ended (undefined when it was refused). */
  start(config: ExperimentConfigInput): Promise<RunState | undefined>;
  compare(config: ExperimentConfigInput): Promise<void>;
  open(id: string): Promise<void>;
  cancel(id: string): Promise<void>;
  /** Cancels every run of the session still queued or running. */
  cancelSession(): Promise<void>;
}

type Submitted = { ok: true; run: Run } | { ok: false; problem: Problem };

async function submit(config: ExperimentConfigInput): Promise<Submitted> {
  try {
    const response = await withToken(() => api.runs.$post({ json: config, query: {} }));
    if (response.status === 202) return { ok: true, run: (await response.json()) as Run };
    return { ok: false, problem: await problemFrom(response) };
  } catch (error) {
    return { ok: false, problem: problemFromError(error) };
  }
}

export interface LabEvents {
  /** Something changed on the server (a run started, ended or was cancelled). */
  onChange(): void;
  /** A permalink reopened a run: the form shows its settings. */
  onOpen(run: Run): void;
}

export function useLab({ onChange, onOpen }: LabEvents): Lab {
  const follower = useRunFollower();
  const session = useSignal<Session | undefined>(undefined);
  const problem = useSignal<Problem | undefined>(undefined);
  const busy = useSignal(false);
  const generation = useRef(0);

  const followAll = useCallback(
    async (kind: Session['kind'], runs: Run[]) => {
      const states: RunState[] = runs.map((run) => ({ run, trialLost: [] }));
      const own = ++generation.current;
      session.value = { kind, states };
      onChange();
      // The queue runs them one after another, so following them in turn misses nothing.
      for (const [index, run] of runs.entries()) {
        const final = await follower.follow(run);
        // A newer start replaced this session: its runs go on, unwatched here.
        if (generation.current !== own) return states;
        states[index] = final;
        session.value = { kind, states: [...states] };
        onChange();
      }
      return states;
    },
    [follower, session, onChange],
  );

  const start = useCallback(
    async (config: ExperimentConfigInput) => {
      busy.value = true;
      const submitted = await submit(config);
      busy.value = false;
      if (!submitted.ok) {
        problem.value = submitted.problem;
        return undefined;
      }
      problem.value = undefined;
      history.pushState(null, '', `/?run=${encodeURIComponent(submitted.run.id)}`);
      return (await followAll('single', [submitted.run]))[0];
    },
    [busy, problem, followAll],
  );

  const cancel = useCallback(
    async (id: string) => {
      try {
        const response = await withToken(() => api.runs[':id'].$delete({ param: { id } }));
        // 409: it ended on its own meanwhile, which is as good.
        if (!response.ok && response.status !== 409) problem.value = await problemFrom(response);
      } catch (error) {
        problem.value = problemFromError(error);
      }
      onChange();
    },
    [problem, onChange],
  );

  const compare = useCallback(
    async (config: ExperimentConfigInput) => {
      busy.value = true;
      const runs: Run[] = [];
      for (const strategy of STRATEGIES) {
        const submitted = await submit({ ...config, strategy });
        if (!submitted.ok) {
          busy.value = false;
          problem.value = submitted.problem;
          await Promise.all(runs.map((run) => cancel(run.id)));
          return;
        }
        runs.push(submitted.run);
      }
      busy.value = false;
      problem.value = undefined;
      await followAll('compare', runs);
    },
    [busy, problem, cancel, followAll],
  );

  const open = useCallback(
    async (id: string) => {
      try {
        const response = await api.runs[':id'].$get({ param: { id } });
        if (!response.ok) {
          problem.value = await problemFrom(response);
          return;
        }
        problem.value = undefined;
        const run = await response.json();
        onOpen(run);
        await followAll('single', [run]);
      } catch (error) {
        problem.value = problemFromError(error);
      }
    },
    [problem, followAll, onOpen],
  );

  const cancelSession = useCallback(async () => {
    const live = follower.current.value;
    const ids = (session.value?.states ?? [])
      .map((state) => (state.run.id === live?.run.id ? live.run : state.run))
      .filter(isActive)
      .map((run) => run.id);
    await Promise.all(ids.map((id) => cancel(id)));
  }, [follower, session, cancel]);

  // A permalink (`/?run=<id>`) reopens its run, live if it is still going; so do back and forward.
  const latestOpen = useRef(open);
  latestOpen.current = open;
  useEffect(() => {
    const openFromAddress = () => {
      const id = new URLSearchParams(location.search).get('run');
      if (id) void latestOpen.current(id);
    };
    openFromAddress();
    window.addEventListener('popstate', openFromAddress);
    return () => window.removeEventListener('popstate', openFromAddress);
  }, []);

  return useMemo(
    () => ({ follower, session, problem, busy, start, compare, open, cancel, cancelSession }),
    [follower, session, problem, busy, start, compare, open, cancel, cancelSession],
  );
}
