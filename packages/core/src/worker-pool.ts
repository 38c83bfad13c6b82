/**
 * Keeps experiment workers alive between runs, so only the first run pays the ~30 ms per thread
 * that spawning costs. A worker belongs either to the idle set or to exactly one run.
 */
import { Worker } from 'node:worker_threads';
import type { WorkerMessage } from './protocol.js';

/** From `src/` (tests, dev) the worker comes from the build: Node cannot start a `.ts` worker. */
const WORKER_URL = new URL(import.meta.url.endsWith('.ts') ? '../dist/worker.js' : './worker.js', import.meta.url);

export interface PooledWorkerEvents {
  message(message: WorkerMessage): void;
  /** The thread ended: with an uncaught `error`, or by exiting with `exitCode`. */
  ended(error: Error | undefined, exitCode: number): void;
}

export class PooledWorker {
  readonly thread: Worker;
  readonly threadId: number;
  /** Whoever currently owns this worker (a run), or nobody while it idles. */
  listener: PooledWorkerEvents | undefined;
  alive = true;
  #error: Error | undefined;

  constructor(onEnded: (worker: PooledWorker) => void) {
    this.thread = new Worker(WORKER_URL);
    this.threadId = this.thread.threadId;
    this.thread.on('message', (message: WorkerMessage) => this.listener?.message(message));
    this.thread.on('error', (error) => {
      this.#error = error;
    });
    this.thread.on('exit', (exitCode) => {
      this.alive = false;
      onEnded(this);
      this.listener?.ended(this.#error, exitCode);
    });
  }

  async terminate(): Promise<void> {
    if (this.alive) await this.thread.terminate();
  }
}

export interface WorkerPoolOptions {
  /** Idle workers kept warm after a run; extra ones are ended. Default 64. */
  maxIdleWorkers?: number;
}

export class WorkerPool {
  readonly #idle: PooledWorker[] = [];
  readonly #all = new Set<PooledWorker>();
  readonly #maxIdle: number;

  constructor(options: WorkerPoolOptions = {}) {
    this.#maxIdle = options.maxIdleWorkers ?? 64;
  }

  /** Threads alive right now, idle or running. */
  get size(): number {
    return this.#all.size;
  }

  get idle(): number {
    return this.#idle.length;
  }

  /** Takes `count` workers, reusing idle ones and spawning the rest. */
  acquire(count: number): PooledWorker[] {
    const taken = this.#idle.splice(Math.max(0, this.#idle.length - count));
    try {
      while (taken.length < count) {
        const worker = new PooledWorker((ended) => this.#forget(ended));
        this.#all.add(worker);
        taken.push(worker);
      }
    } catch (error) {
      // A thread that cannot start: give back the ones taken so far instead of stranding them.
      this.release(taken);
      throw error;
    }
    return taken;
  }

  /** Gives back workers that finished a run cleanly; they wait for the next one. */
  release(workers: Iterable<PooledWorker>): void {
    for (const worker of workers) {
      worker.listener = undefined;
      if (!worker.alive) continue;
      if (this.#idle.length < this.#maxIdle) {
        this.#idle.push(worker);
      } else {
        void worker.terminate();
      }
    }
  }

  async terminate(workers: Iterable<PooledWorker>): Promise<void> {
    await Promise.all([...workers].map((worker) => worker.terminate()));
  }

  async close(): Promise<void> {
    this.#idle.length = 0;
    await this.terminate(this.#all);
  }

  #forget(worker: PooledWorker): void {
    this.#all.delete(worker);
    const index = this.#idle.indexOf(worker);
    if (index !== -1) this.#idle.splice(index, 1);
  }
}
