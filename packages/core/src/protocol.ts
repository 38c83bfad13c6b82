/** Messages between the runner (main thread) and its worker threads. */
import type { Strategy } from '@racelab/schema';
import type { LoopStats } from './increment-loops.js';

/**
 * A deliberate failure, for tests of the runner's fault handling: worker `worker` ends by
 * throwing or by `process.exit` at the start barrier, or right after taking the run's mutex.
 */
export interface FaultPlan {
  worker: number;
  kind: 'throw' | 'exit';
  at: 'barrier' | 'holding-lock';
}

export interface RunCommand {
  type: 'run';
  buffer: SharedArrayBuffer;
  workers: number;
  index: number;
  strategy: Strategy;
  iterations: number;
  trials: number;
  fault?: FaultPlan;
}

export type WorkerMessage =
  | { type: 'ready'; trial: number }
  | { type: 'done'; trial: number; stats: LoopStats }
  | { type: 'stopped' };
