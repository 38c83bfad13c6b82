import { type Signal, useSignal } from '@preact/signals';
import type { Run } from '@racelab/api';
import { type ExperimentConfigInput, STRATEGIES } from '@racelab/schema';
import { useCallback, useEffect, useMemo, useRef } from 'preact/hooks';
import { api } from '../api/client.js';
import { type Problem, problemFrom, problemFromError } from '../api/problem.js';
import { withToken } from '../api/token.js';
import { isActive, type RunState } from '../format/figures.js';
import { type RunFollower, useRunFollower } from './use-run-follower.js';

/** What the page is showing: one run, the four strategies on the same settings, or one run per host of a lab. */
export interface Session {
  kind: 'single' | 'compare' | 'group';
  /** kind `group`: the id `GET /runs?group=…` lists. */
  group?: string;
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
  start(config: SubmitBody): Promise<RunState | undefined>;
  compare(config: ExperimentConfigInput): Promise<void>;
  open(id: string): Promise<void>;
  cancel(id: string): Promise<void>;
  /** Cancels every run of the session still queued or running. */
  cancelSession(): Promise<void>;
}

/** Where a run goes in a lab (`POST /runs`' `hosts`): any host without it. */
export type SubmitBody = ExperimentConfigInput & { hosts?: readonly string[] | 'all' };

type Submitted =
  | { ok: true; run: Run; group?: undefined }
  | { ok: true; group: RunGroup }
  | { ok: false; problem: Problem };

/** A submission that made one run on each of several hosts. */
export interface RunGroup {
  group: string;
  runs: Run[];
}

async function submit(config: SubmitBody): Promise<Submitted> {
  try {
    const response = await withToken(() => api.runs.$post({ json: config as ExperimentConfigInput, query: {} }));
    if (response.status === 202) {
      const answer = (await response.json()) as Run | RunGroup;
      return 'runs' in answer ? { ok: true, group: answer } : { ok: true, run: answer };
    }
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
    async (kind: Session['kind'], runs: Run[], group?: string) => {
      const states: RunState[] = runs.map((run) => ({ run, trialLost: [] }));
      const own = ++generation.current;
      const base = group === undefined ? { kind } : { kind, group };
      session.value = { ...base, states };
      onChange();
      // The queue runs them one after another, so following them in turn misses nothing.
      for (const [index, run] of runs.entries()) {
        const final = await follower.follow(run);
        // A newer start replaced this session: its runs go on, unwatched here.
        if (generation.current !== own) return states;
        states[index] = final;
        session.value = { ...base, states: [...states] };
        onChange();
      }
      return states;
    },
    [follower, session, onChange],
  );

  const start = useCallback(
    async (config: SubmitBody) => {
      busy.value = true;
      const submitted = await submit(config);
      busy.value = false;
      if (!submitted.ok) {
        problem.value = submitted.problem;
        return undefined;
      }
      problem.value = undefined;
      if (submitted.group) {
        // One run per host, running at once: following them in turn still shows each one's end.
        const { group, runs } = submitted.group;
        history.pushState(null, '', `/?group=${encodeURIComponent(group)}`);
        return (await followAll('group', runs, group))[0];
      }
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
        // Without `hosts` the answer is one run; a group here would be a server bug, but keep its runs.
        runs.push(...(submitted.group ? submitted.group.runs : [submitted.run]));
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

  const openGroup = useCallback(
    async (group: string) => {
      try {
        const response = await api.runs.$get({ query: { group, limit: '100' } });
        if (!response.ok) {
          problem.value = await problemFrom(response);
          return;
        }
        const { runs } = (await response.json()) as { runs: Run[] };
        if (runs.length === 0) {
          problem.value = { status: 404, message: `no runs in group ${group}`, fields: {} };
          return;
        }
        problem.value = undefined;
        onOpen(runs[0] as Run);
        await followAll('group', runs, group);
      } catch (error) {
        problem.value = problemFromError(error);
      }
    },
    [problem, followAll, onOpen],
  );
  const latestOpenGroup = useRef(openGroup);
  latestOpenGroup.current = openGroup;

  // A permalink (`/?run=<id>`, `/?group=<id>`) reopens its run, live if it is still going; so do back and forward.
  const latestOpen = useRef(open);
  latestOpen.current = open;
  useEffect(() => {
    const openFromAddress = () => {
      const address = new URLSearchParams(location.search);
      const id = address.get('run');
      const group = address.get('group');
      if (id) void latestOpen.current(id);
      else if (group) void latestOpenGroup.current(group);
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
