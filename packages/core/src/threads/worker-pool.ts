/**
 * Keeps experiment workers alive between runs, so only the first run pays the ~30 ms per thread
 * that spawning costs. A worker belongs either to the idle set or to exactly one run.
 */
import { threads } from '#threads';
import type { RunCommand } from '../trial/index.js';
import type { ThreadBackend, ThreadEvents, WorkerThread } from './threads.js';

export class PooledWorker {
  readonly #thread: WorkerThread;
  /** Whoever currently owns this worker (a run), or nobody while it idles. */
  listener: ThreadEvents | undefined;
  alive = true;

  constructor(backend: ThreadBackend, onEnded: (worker: PooledWorker) => void) {
    this.#thread = backend.spawn({
      message: (message) => this.listener?.message(message),
      ended: (error, exitCode) => {
        this.alive = false;
        onEnded(this);
        this.listener?.ended(error, exitCode);
      },
    });
  }

  post(command: RunCommand): void {
    this.#thread.post(command);
  }

  async terminate(): Promise<void> {
    if (this.alive) await this.#thread.terminate();
  }
}

export interface WorkerPoolOptions {
  /** Idle workers kept warm after a run, an integer ≥ 0; extra ones are ended. Default 64. */
  maxIdleWorkers?: number;
}

export class WorkerPool {
  readonly #idle: PooledWorker[] = [];
  readonly #all = new Set<PooledWorker>();
  readonly #maxIdle: number;
  readonly #backend: ThreadBackend;

  constructor(options: WorkerPoolOptions = {}, backend: ThreadBackend = threads) {
    const maxIdle = options.maxIdleWorkers ?? 64;
    if (typeof maxIdle !== 'number' || !Number.isInteger(maxIdle) || maxIdle < 0) {
      throw new RangeError(`maxIdleWorkers must be an integer ≥ 0, got ${String(maxIdle)}`);
    }
    this.#maxIdle = maxIdle;
    this.#backend = backend;
  }

  /** Threads alive right now, idle or running. */
  get size(): number {
    return this.#all.size;
  }

  get idle(): number {
    return this.#idle.length;
  }

  /** Logical CPUs, as the thread platform tells it. */
  get availableParallelism(): number {
    return this.#backend.availableParallelism();
  }

  /** The CPU's model name, where the thread adapter can tell it. */
  get cpuModel(): string | undefined {
    return this.#backend.cpuModel?.();
  }

  /** Takes `count` workers, reusing idle ones and spawning the rest. */
  acquire(count: number): PooledWorker[] {
    const taken = this.#idle.splice(Math.max(0, this.#idle.length - count));
    try {
      while (taken.length < count) {
        const worker = new PooledWorker(this.#backend, (ended) => this.#forget(ended));
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
