/**
 * What the runner needs from a thread API. One adapter per platform implements it: `node-threads.ts`
 * (Node.js `worker_threads`, also used on Bun and Deno) and `web-threads.ts` (Web Workers, in
 * browsers). Package `imports` conditions (`#threads` in package.json) pick the adapter, so nothing
 * else in the core imports a platform module.
 */
import type { RunCommand, WorkerMessage } from '../trial/index.js';

export interface ThreadEvents {
  message(message: WorkerMessage): void;
  /**
   * The thread ended: with an uncaught `error`, or by exiting with `exitCode` (Web Workers have no
   * exit codes: `undefined` there).
   */
  ended(error: Error | undefined, exitCode: number | undefined): void;
}

export interface WorkerThread {
  post(command: RunCommand): void;
  /** Ends the thread; resolves once it is gone. Calling it again, or after the thread ended, is harmless. */
  terminate(): Promise<void>;
}

export interface ThreadBackend {
  /** `worker_threads` or `web-workers`: shown in error messages. */
  readonly name: string;
  /** Starts a worker running the racelab worker entry. Throws if the platform cannot start one. */
  spawn(events: ThreadEvents): WorkerThread;
  /** Logical CPUs this process may use. */
  availableParallelism(): number;
  /** The CPU's model name, where the platform tells it (Node.js, Bun, Deno); absent in browsers. */
  cpuModel?(): string | undefined;
}
