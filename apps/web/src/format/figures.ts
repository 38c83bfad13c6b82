import type { Run } from '@racelab/api';
import { type ExperimentResult, expectedTotal, type ProgressSnapshot } from '@racelab/schema';

/** A run the page follows: the run as the server last described it, plus what its events said. */
export interface RunState {
  run: Run;
  progress?: ProgressSnapshot;
  result?: ExperimentResult;
  /** Lost updates per trial, filled in as trials end (live, then from the result). */
  trialLost: number[];
  /** Why the run ended without a result, or why the page lost track of it. */
  problem?: string;
}

/** What the live view shows: telemetry while the run goes, its last trial once it has ended. */
export interface LiveFigures {
  counter: number;
  expected: number;
  lostUpdates: number;
  opsPerSecond: number;
  elapsedMs: number;
  /** From 0. */
  trial: number;
  trials: number;
  iterations: number;
  perWorker: number[];
  result?: ExperimentResult;
}

export function liveFigures({ run, progress, result, trialLost }: RunState): LiveFigures {
  const { config } = run;
  const last = result?.trials.at(-1);
  if (result && last) {
    return {
      counter: last.actual,
      expected: result.expected,
      lostUpdates: last.lostUpdates,
      opsPerSecond: last.opsPerSecond,
      elapsedMs: last.runMs,
      trial: result.trials.length - 1,
      trials: config.trials,
      iterations: config.iterations,
      perWorker: last.workers.map((worker) => worker.increments),
      result,
    };
  }
  const elapsedMs = progress?.elapsedMs ?? 0;
  return {
    counter: progress?.counter ?? 0,
    expected: expectedTotal(config),
    lostUpdates: trialLost[progress?.trial ?? 0] ?? 0,
    opsPerSecond: progress && elapsedMs > 0 ? progress.completed / (elapsedMs / 1000) : 0,
    elapsedMs,
    trial: progress?.trial ?? 0,
    trials: config.trials,
    iterations: config.iterations,
    perWorker: progress?.workers ?? new Array<number>(config.workers).fill(0),
    ...(result ? { result } : {}),
  };
}

/** A new sample: the lost updates of its trial so far, earlier trials kept as they ended. */
export function withProgress(state: RunState, progress: ProgressSnapshot): RunState {
  const trialLost = state.trialLost.slice(0, progress.trial);
  // Per-worker counts are published once per chunk while the counter moves on every increment, so
  // mid-trial the counter can run ahead of `completed`: that is no lost update, hence the floor at 0.
  trialLost[progress.trial] = Math.max(0, progress.completed - progress.counter);
  return { ...state, progress, trialLost };
}

export function withResult(state: RunState, result: ExperimentResult): RunState {
  return {
    ...state,
    run: { ...state.run, status: result.status, result, ...(result.error ? { error: result.error } : {}) },
    result,
    trialLost: result.trials.map((trial) => trial.lostUpdates),
  };
}

export function isActive(run: Pick<Run, 'status'>): boolean {
  return run.status === 'queued' || run.status === 'running';
}

export interface WorkerRow {
  label: string;
  /** The workers it stands for, `first` to `last` (one, while they fit). */
  first: number;
  last: number;
  completed: number;
  total: number;
}

/** One row per worker while they fit; past `maxRows`, consecutive workers share a row. */
export function workerRows(perWorker: readonly number[], iterations: number, maxRows: number): WorkerRow[] {
  const perRow = Math.ceil(perWorker.length / Math.max(1, maxRows));
  const rows: WorkerRow[] = [];
  for (let first = 0; first < perWorker.length; first += perRow) {
    const last = Math.min(perWorker.length, first + perRow) - 1;
    let completed = 0;
    for (let index = first; index <= last; index++) completed += perWorker[index] ?? 0;
    rows.push({
      label: first === last ? `w${first}` : `w${first}–${last}`,
      first,
      last,
      completed,
      total: iterations * (last - first + 1),
    });
  }
  return rows;
}
