/** Messages between the runner (main thread) and its worker threads. */
import type { Strategy } from '@racelab/schema';
import type { FaultPlan } from './faults.js';
import type { LoopStats } from './increment-loops.js';

export interface RunCommand {
  type: 'run';
  buffer: SharedArrayBuffer;
  workers: number;
  index: number;
  strategy: Strategy;
  iterations: number;
  trials: number;
  /** Workers that start together at the start gate: at most as many as there are cores. */
  gate: number;
  /** Traced runs only: every worker's log of the values it read (`trace/trace-log.ts`). */
  traceLog?: SharedArrayBuffer;
  /** Test-only: makes this run's worker `fault.worker` fail on purpose. */
  fault?: FaultPlan;
}

export type WorkerMessage =
  /** Parked at the start barrier of `trial`. */
  | { type: 'ready'; trial: number }
  /** Finished `trial`. */
  | { type: 'done'; trial: number; stats: LoopStats }
  /** Left the run (finished, or saw the abort flag) and waits for the next one. */
  | { type: 'idle' }
  /** Test-only: the faulty worker is where its fault plan wanted it. */
  | { type: 'fault' };
