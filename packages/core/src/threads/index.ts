/**
 * The threads: one adapter per platform (`node-threads.ts` for `worker_threads` on Node.js, Bun and
 * Deno; `web-threads.ts` for Web Workers), picked by the package's `#threads` import conditions;
 * the worker entries they start (`node-worker.ts`, bundled to `dist/threads/node-worker.cjs`, and
 * `web-worker.ts`); and the pool that keeps started workers between runs. The only way in from the
 * rest of the core.
 */
export { workerExecArgv } from './exec-argv.js';
export type { ThreadBackend, ThreadEvents, WorkerThread } from './threads.js';
export { PooledWorker, WorkerPool, type WorkerPoolOptions } from './worker-pool.js';
