/**
 * The thread adapter for Node.js `worker_threads`, used on Node.js, Bun and Deno (all three give a
 * worker's exit code and uncaught error, which Web Workers on Bun and Deno do not). With the worker
 * entry (`node-worker.ts`), the only file of the core that imports a `node:` module.
 */
import { availableParallelism, cpus } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { RunCommand, WorkerMessage } from '../trial/index.js';
import { workerExecArgv } from './exec-argv.js';
import type { ThreadBackend, ThreadEvents, WorkerThread } from './threads.js';

/**
 * The worker entry, bundled into one CommonJS file by the build (see node-worker.ts). From `src/`
 * (tests, dev) it comes from the build too: Node.js cannot start a `.ts` worker.
 */
const WORKER_URL = new URL(
  import.meta.url.endsWith('.ts') ? '../../dist/threads/node-worker.cjs' : './node-worker.cjs',
  import.meta.url,
);

class NodeWorkerThread implements WorkerThread {
  readonly #thread: Worker;
  #error: Error | undefined;
  #alive = true;

  constructor(events: ThreadEvents) {
    const execArgv = workerExecArgv(process.execArgv);
    this.#thread = new Worker(WORKER_URL, execArgv === undefined ? {} : { execArgv });
    this.#thread.on('message', (message: WorkerMessage) => events.message(message));
    this.#thread.on('error', (error) => {
      this.#error = error;
    });
    this.#thread.on('exit', (exitCode) => {
      this.#alive = false;
      events.ended(this.#error, exitCode);
    });
  }

  post(command: RunCommand): void {
    this.#thread.postMessage(command);
  }

  async terminate(): Promise<void> {
    if (this.#alive) await this.#thread.terminate();
  }
}

export const threads: ThreadBackend = {
  name: 'worker_threads',
  spawn: (events) => new NodeWorkerThread(events),
  availableParallelism,
  cpuModel: () => cpus()[0]?.model.trim() || undefined,
};
