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
  fault?: FaultPlan;
}

export type WorkerMessage =
  | { type: 'ready'; trial: number }
  | { type: 'done'; trial: number; stats: LoopStats }
  | { type: 'stopped' }
  | { type: 'fault' };
