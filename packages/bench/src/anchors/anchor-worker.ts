/**
 * An anchor's thread: the same critical section as racelab's `mutex` strategy (a plain read, add,
 * write of the shared counter), protected by V8's `Atomics.Mutex` or by a Web Lock.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { COUNTER, GENERATION, monotonicMs } from './shared-words.js';
import type { AnchorMessage, AnchorWorkerData } from './thread-group.js';

interface NativeMutexApi {
  lock(mutex: unknown, callback: () => void): unknown;
}
interface LockManager {
  request(name: string, callback: () => void): Promise<unknown>;
}

const port = parentPort;
if (!port) throw new Error('anchor-worker.js must be started as a worker thread');
const data = workerData as AnchorWorkerData;
const ints = new Int32Array(data.buffer);
const increment = () => {
  ints[COUNTER] = (ints[COUNTER] as number) + 1;
};

function post(message: AnchorMessage): void {
  port?.postMessage(message);
}

function withNativeMutex(iterations: number): void {
  const { Mutex } = Atomics as unknown as { Mutex: NativeMutexApi };
  const mutex = data.mutex;
  for (let i = 0; i < iterations; i++) Mutex.lock(mutex, increment);
}

async function withWebLocks(locks: LockManager, iterations: number): Promise<void> {
  // A pending lock request does not keep a worker's event loop alive (Node 24.21): a thread queued
  // behind another would simply exit. A timer holds the loop open until the last request resolves.
  const keepAlive = setInterval(() => {}, 1_000);
  try {
    for (let i = 0; i < iterations; i++) await locks.request('racelab-bench', increment);
  } finally {
    clearInterval(keepAlive);
  }
}

async function main(): Promise<void> {
  const threads = (await import('node:worker_threads')) as { locks?: LockManager };
  for (let trial = 0; trial < data.trials; trial++) {
    post({ type: 'ready' });
    while (Atomics.load(ints, GENERATION) === trial) Atomics.wait(ints, GENERATION, trial);
    if (data.kind === 'atomics-mutex') withNativeMutex(data.iterations);
    else if (threads.locks) await withWebLocks(threads.locks, data.iterations);
    else throw new Error('worker_threads.locks is not available');
    post({ type: 'done', endMs: monotonicMs() });
  }
}

main().catch((error: unknown) =>
  post({ type: 'failed', message: error instanceof Error ? error.message : String(error) }),
);
