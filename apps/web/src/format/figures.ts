import type { Run } from '@racelab/api';
import type { ExperimentResult, ProgressSnapshot } from '@racelab/schema';
import { type LiveFigures, liveFigures, trialLostWith } from '@racelab/schema/format';

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

/** What the live view shows for a run the page follows (see `liveFigures` in `@racelab/schema/format`). */
export function runFigures(state: RunState): LiveFigures {
  return liveFigures({ ...state, config: state.run.config });
}

/** A new sample: the lost updates of its trial so far, earlier trials kept as they ended. */
export function withProgress(state: RunState, progress: ProgressSnapshot): RunState {
  return { ...state, progress, trialLost: trialLostWith(state.trialLost, progress) };
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
