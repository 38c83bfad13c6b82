/**
 * Runs an anchor's loop on `workers` fresh threads, the way racelab's runner runs a strategy:
 * spawn, hold every thread at a start barrier, open it, and time from the opening to the last
 * thread's end on the process-wide monotonic clock. Like racelab's strategies, one warm-up trial
 * runs first and is discarded (each thread's loop is compiled on first use). Only spawn and barrier
 * are shared code; each anchor's loop lives in `anchor-worker.ts`.
 */
import { Worker } from 'node:worker_threads';
import type { TrialSample } from '../measurement.js';
import { COUNTER, GENERATION, monotonicMs } from './shared-words.js';

export type AnchorKind = 'atomics-mutex' | 'web-locks';

export interface AnchorWorkerData {
  kind: AnchorKind;
  buffer: SharedArrayBuffer;
  iterations: number;
  trials: number;
  /** The V8 `Atomics.Mutex` (a shared struct) for the `atomics-mutex` anchor. */
  mutex?: unknown;
}

export type AnchorMessage = { type: 'ready' } | { type: 'done'; endMs: number } | { type: 'failed'; message: string };

/** From `src/` (tests) the worker comes from the build: Node cannot start a `.ts` worker. */
const WORKER_URL = new URL(
  import.meta.url.endsWith('.ts') ? '../../dist/anchors/anchor-worker.js' : './anchor-worker.js',
  import.meta.url,
);

export async function runThreadGroup(
  kind: AnchorKind,
  workers: number,
  iterations: number,
  trials: number,
  options: { mutex?: unknown } = {},
): Promise<TrialSample[]> {
  const { mutex } = options;
  const buffer = new SharedArrayBuffer(3 * 64);
  const ints = new Int32Array(buffer);
  const data: AnchorWorkerData = { kind, buffer, iterations, trials: trials + 1, ...(mutex ? { mutex } : {}) };
  const threads = Array.from({ length: workers }, () => new Worker(WORKER_URL, { workerData: data }));
  const inbox = threads.map((thread) => messages(thread));
  const samples: TrialSample[] = [];
  try {
    for (let trial = 0; trial <= trials; trial++) {
      await Promise.all(inbox.map((next) => expect(next, 'ready')));
      Atomics.store(ints, COUNTER, 0);
      const openedAt = monotonicMs();
      Atomics.store(ints, GENERATION, trial + 1);
      Atomics.notify(ints, GENERATION);
      const ends = await Promise.all(inbox.map((next) => expect(next, 'done')));
      const runMs = Math.max(...ends.map((message) => (message.type === 'done' ? message.endMs : 0))) - openedAt;
      const increments = workers * iterations;
      if (trial === 0) continue; // the warm-up trial
      samples.push({
        opsPerSecond: increments / (runMs / 1000),
        runMs,
        increments,
        actual: Atomics.load(ints, COUNTER),
      });
    }
  } finally {
    await Promise.all(threads.map((thread) => thread.terminate()));
  }
  return samples;
}

/** A pull-style reader of one worker's messages, failing on its errors. */
function messages(thread: Worker): () => Promise<AnchorMessage> {
  const queue: AnchorMessage[] = [];
  let waiting: { resolve: (message: AnchorMessage) => void; reject: (error: unknown) => void } | undefined;
  let failure: unknown;
  thread.on('message', (message: AnchorMessage) => {
    if (waiting) {
      waiting.resolve(message);
      waiting = undefined;
    } else queue.push(message);
  });
  const fail = (error: unknown) => {
    failure ??= error;
    waiting?.reject(failure);
  };
  thread.on('error', fail);
  thread.on('exit', (code) => fail(new Error(`anchor worker exited (code ${code}) before finishing`)));
  return () => {
    const next = queue.shift();
    if (next) return Promise.resolve(next);
    if (failure) return Promise.reject(failure);
    return new Promise((resolve, reject) => {
      waiting = { resolve, reject };
    });
  };
}

async function expect(next: () => Promise<AnchorMessage>, type: 'ready' | 'done'): Promise<AnchorMessage> {
  const message = await next();
  if (message.type === 'failed') throw new Error(message.message);
  if (message.type !== type) throw new Error(`anchor worker sent ${message.type}, expected ${type}`);
  return message;
}
