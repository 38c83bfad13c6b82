/**
 * One probe point in this process: `workers` threads of one lock kind, a warm-up round per timing
 * mode then `rounds` measured ones, each `windowMs` long from the start barrier to the stop flag. Rounds
 * take their timing mode in turn from `modes`, so modes compared with each other run on the same
 * threads, interleaved.
 */
import { Worker } from 'node:worker_threads';
import { mutexActivity, type WaitHistogram } from '@racelab/core/fairness';
import { monotonicMs } from '../anchors/shared-words.js';
import {
  COUNTER,
  GENERATION,
  MODE,
  MUTEX_OFFSET,
  PROBE_BYTES,
  type ProbeKind,
  STOP,
  TIMING_MODES,
  type TimingMode,
} from './probe-layout.js';
import type { ProbeMessage, ProbeWorkerData } from './probe-worker.js';

export interface ProbePoint {
  kind: ProbeKind;
  workers: number;
  /** Length of the critical section's extra work, in ns (0 or ~1,000). */
  csNs: number;
  modes: TimingMode[];
  rounds: number;
  windowMs: number;
}

export interface ProbeWorkerRound {
  acquisitions: number;
  activeMs: number;
  waits: WaitHistogram;
}

export interface ProbeRound {
  mode: TimingMode;
  windowMs: number;
  /** The shared counter at the end: every acquisition added 1 (a check of mutual exclusion). */
  counter: number;
  /** racelab Mutex only: fair hand-offs and the next-in-line waiter's looks at the lock, this round. */
  handOffs?: number;
  watcherLooks?: number;
  workers: ProbeWorkerRound[];
}

const WORKER_URL = new URL(
  import.meta.url.endsWith('.ts') ? '../../dist/fairness/probe-worker.js' : './probe-worker.js',
  import.meta.url,
);

export async function runProbe(point: ProbePoint, csLoops: number, nativeMutex?: unknown): Promise<ProbeRound[]> {
  const buffer = new SharedArrayBuffer(PROBE_BYTES);
  const ints = new Int32Array(buffer);
  const data: ProbeWorkerData = {
    kind: point.kind,
    buffer,
    rounds: point.rounds + point.modes.length,
    csLoops,
    ...(nativeMutex ? { nativeMutex } : {}),
  };
  const threads = Array.from({ length: point.workers }, () => new Worker(WORKER_URL, { workerData: data }));
  const inbox = threads.map(messages);
  const rounds: ProbeRound[] = [];
  try {
    const warmUps = point.modes.length;
    for (let round = 0; round < point.rounds + warmUps; round++) {
      await Promise.all(inbox.map((next) => expectMessage(next, 'ready')));
      const mode = point.modes[round % point.modes.length] ?? 'plain';
      Atomics.store(ints, MODE, TIMING_MODES.indexOf(mode));
      Atomics.store(ints, STOP, 0);
      Atomics.store(ints, COUNTER, 0);
      const activity = mutexActivity({ buffer, byteOffset: MUTEX_OFFSET });
      const openedAt = monotonicMs();
      Atomics.store(ints, GENERATION, round + 1);
      Atomics.notify(ints, GENERATION);
      await new Promise((resolve) => setTimeout(resolve, point.windowMs));
      Atomics.store(ints, STOP, 1);
      const windowMs = monotonicMs() - openedAt;
      const reports = await Promise.all(inbox.map((next) => expectMessage(next, 'done')));
      if (round < warmUps) continue; // warm-up, a round per mode: every thread compiles its loops
      const after = mutexActivity({ buffer, byteOffset: MUTEX_OFFSET });
      rounds.push({
        mode,
        windowMs,
        counter: Atomics.load(ints, COUNTER),
        ...(point.kind === 'mutex'
          ? {
              handOffs: (after.handOffs - activity.handOffs) >>> 0,
              watcherLooks: (after.watcherLooks - activity.watcherLooks) >>> 0,
            }
          : {}),
        workers: reports.map((report) =>
          report.type === 'done'
            ? { acquisitions: report.acquisitions, activeMs: report.activeMs, waits: report.waits }
            : { acquisitions: 0, activeMs: 0, waits: { immediate: 0, counts: new Uint32Array(0), maxNs: 0 } },
        ),
      });
    }
  } finally {
    await Promise.all(threads.map((thread) => thread.terminate()));
  }
  return rounds;
}

/** Loops of the critical section's arithmetic that take about `ns`, measured on this thread. */
export function calibrateCriticalSection(ns: number): number {
  if (ns <= 0) return 0;
  const sink = new Int32Array(1);
  const loops = 2_000_000;
  let best = Number.POSITIVE_INFINITY;
  for (let attempt = 0; attempt < 5; attempt++) {
    const startedAt = performance.now();
    let value = 0;
    for (let loop = 0; loop < loops; loop++) value = (value * 31 + loop) | 0;
    sink[0] = value;
    best = Math.min(best, performance.now() - startedAt);
  }
  return Math.max(1, Math.round((ns / ((best * 1e6) / loops)) | 0));
}

function messages(thread: Worker): () => Promise<ProbeMessage> {
  const queue: ProbeMessage[] = [];
  let waiting: { resolve: (message: ProbeMessage) => void; reject: (error: unknown) => void } | undefined;
  let failure: unknown;
  thread.on('message', (message: ProbeMessage) => {
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
  thread.on('exit', (code) => fail(new Error(`probe worker exited (code ${code}) before finishing`)));
  return () => {
    const next = queue.shift();
    if (next) return Promise.resolve(next);
    if (failure) return Promise.reject(failure);
    return new Promise((resolve, reject) => {
      waiting = { resolve, reject };
    });
  };
}

async function expectMessage(next: () => Promise<ProbeMessage>, type: 'ready' | 'done'): Promise<ProbeMessage> {
  const message = await next();
  if (message.type === 'failed') throw new Error(message.message);
  if (message.type !== type) throw new Error(`probe worker sent ${message.type}, expected ${type}`);
  return message;
}
