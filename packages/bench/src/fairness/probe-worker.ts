/**
 * A fairness probe thread: each round, waits at the start barrier, then takes the lock over and
 * over (critical section: the counter's read-add-write, plus `csLoops` of arithmetic) until the
 * stop flag rises, and reports how many times it got the lock and, per the round's timing mode,
 * how long it waited.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { newWaitHistogram, recordWait, type WaitHistogram } from '@racelab/core/fairness';
import { Mutex } from '@racelab/core/mutex';
import { LegacyMutex } from '../anchors/legacy-mutex.js';
import {
  COUNTER,
  GENERATION,
  LEGACY_MUTEX_OFFSET,
  MODE,
  MUTEX_OFFSET,
  type ProbeKind,
  SPINLOCK,
  STOP,
  TIMING_MODES,
  type TimingMode,
} from './probe-layout.js';

export interface ProbeWorkerData {
  kind: ProbeKind;
  buffer: SharedArrayBuffer;
  rounds: number;
  csLoops: number;
  /** V8's `Atomics.Mutex` (a shared struct), for `atomics-mutex`. */
  nativeMutex?: unknown;
}

export type ProbeMessage =
  | { type: 'ready' }
  | { type: 'done'; acquisitions: number; activeMs: number; waits: WaitHistogram }
  | { type: 'failed'; message: string };

interface SyncLock {
  lock(): void;
  tryLock(): boolean;
  unlock(): void;
}

const port = parentPort;
if (!port) throw new Error('probe-worker.js must be started as a worker thread');
const data = workerData as ProbeWorkerData;
const ints = new Int32Array(data.buffer);
const sink = new Int32Array(1);
const post = (message: ProbeMessage) => port.postMessage(message);

function criticalSection(): void {
  ints[COUNTER] = (ints[COUNTER] as number) + 1;
  let value = 0;
  for (let loop = 0; loop < data.csLoops; loop++) value = (value * 31 + loop) | 0;
  if (data.csLoops > 0) sink[0] = value;
}

const stopped = () => Atomics.load(ints, STOP) !== 0;

const pause = (Atomics as { pause?: () => void }).pause;
const relax = typeof pause === 'function' ? () => pause.call(Atomics) : () => Atomics.load(sink, 0);

/** The `spinlock` strategy's lock: test-and-test-and-set with a spin hint, no backoff. */
class SpinLock implements SyncLock {
  lock(): void {
    while (Atomics.compareExchange(ints, SPINLOCK, 0, 1) !== 0) {
      while (Atomics.load(ints, SPINLOCK) !== 0) relax();
    }
  }
  tryLock(): boolean {
    return Atomics.compareExchange(ints, SPINLOCK, 0, 1) === 0;
  }
  unlock(): void {
    Atomics.store(ints, SPINLOCK, 0);
  }
}

function syncLock(kind: ProbeKind): SyncLock {
  if (kind === 'mutex') return new Mutex(data.buffer, MUTEX_OFFSET);
  if (kind === 'legacy-mutex') return new LegacyMutex(data.buffer, LEGACY_MUTEX_OFFSET);
  if (kind === 'spinlock') return new SpinLock();
  throw new Error(`${kind} is not a lock with lock() and unlock()`);
}

function runSync(lock: SyncLock, mode: TimingMode, waits: WaitHistogram): number {
  let acquisitions = 0;
  while (!stopped()) {
    for (let batch = 0; batch < 16; batch++) {
      if (mode === 'plain') {
        lock.lock();
        criticalSection();
        lock.unlock();
      } else if (mode === 'every') {
        const since = performance.now();
        lock.lock();
        recordWait(waits, (performance.now() - since) * 1e6);
        criticalSection();
        lock.unlock();
      } else if (lock.tryLock()) {
        criticalSection();
        lock.unlock();
        waits.immediate++;
      } else {
        const since = performance.now();
        lock.lock();
        criticalSection();
        lock.unlock();
        recordWait(waits, (performance.now() - since) * 1e6);
      }
    }
    acquisitions += 16;
  }
  return acquisitions;
}

/** The runner's mutex loop (`increment-loops.ts`): the mutex times the acquisitions that wait. */
function runMutexTimed(lock: Mutex, waits: WaitHistogram): number {
  const stats = lock.stats;
  let waited = stats.waitedMs;
  let timed = 0;
  let acquisitions = 0;
  while (!stopped()) {
    for (let batch = 0; batch < 16; batch++) {
      const contended = stats.contended;
      lock.lock();
      criticalSection();
      lock.unlock();
      if (stats.contended !== contended) {
        recordWait(waits, (stats.waitedMs - waited) * 1e6);
        waited = stats.waitedMs;
        timed++;
      }
    }
    acquisitions += 16;
  }
  waits.immediate = acquisitions - timed;
  return acquisitions;
}

function runAtomic(mode: TimingMode, waits: WaitHistogram): number {
  let acquisitions = 0;
  while (!stopped()) {
    for (let batch = 0; batch < 16; batch++) {
      if (mode === 'every') {
        const since = performance.now();
        Atomics.add(ints, COUNTER, 1);
        recordWait(waits, (performance.now() - since) * 1e6);
      } else Atomics.add(ints, COUNTER, 1);
    }
    acquisitions += 16;
  }
  if (mode !== 'every') waits.immediate += acquisitions;
  return acquisitions;
}

function runNative(mode: TimingMode, waits: WaitHistogram): number {
  const { Mutex: NativeMutex } = Atomics as unknown as { Mutex: { lock(mutex: unknown, fn: () => void): unknown } };
  const mutex = data.nativeMutex;
  let acquisitions = 0;
  let since = 0;
  const timed = () => {
    recordWait(waits, (performance.now() - since) * 1e6);
    criticalSection();
  };
  while (!stopped()) {
    for (let batch = 0; batch < 16; batch++) {
      if (mode === 'every') {
        since = performance.now();
        NativeMutex.lock(mutex, timed);
      } else NativeMutex.lock(mutex, criticalSection);
    }
    acquisitions += 16;
  }
  return acquisitions;
}

interface LockManager {
  request(name: string, callback: () => void): Promise<unknown>;
}

async function runWebLocks(locks: LockManager, mode: TimingMode, waits: WaitHistogram): Promise<number> {
  // A pending lock request keeps no worker's event loop alive (Node 24): hold it open with a timer.
  const keepAlive = setInterval(() => {}, 1_000);
  let acquisitions = 0;
  let since = 0;
  const timed = () => {
    recordWait(waits, (performance.now() - since) * 1e6);
    criticalSection();
  };
  try {
    while (!stopped()) {
      since = performance.now();
      await locks.request('racelab-fairness', mode === 'every' ? timed : criticalSection);
      acquisitions++;
    }
  } finally {
    clearInterval(keepAlive);
  }
  return acquisitions;
}

async function main(): Promise<void> {
  const threads = (await import('node:worker_threads')) as { locks?: LockManager };
  const lock =
    data.kind === 'mutex' || data.kind === 'legacy-mutex' || data.kind === 'spinlock' ? syncLock(data.kind) : undefined;
  for (let round = 0; round < data.rounds; round++) {
    post({ type: 'ready' });
    while (Atomics.load(ints, GENERATION) === round) Atomics.wait(ints, GENERATION, round);
    const mode = TIMING_MODES[Atomics.load(ints, MODE)] ?? 'plain';
    const waits = newWaitHistogram();
    const startedAt = performance.now();
    let acquisitions: number;
    if (lock instanceof Mutex && mode === 'contended') acquisitions = runMutexTimed(lock, waits);
    else if (lock) acquisitions = runSync(lock, mode, waits);
    else if (data.kind === 'atomic') acquisitions = runAtomic(mode, waits);
    else if (data.kind === 'atomics-mutex') acquisitions = runNative(mode, waits);
    else if (threads.locks) acquisitions = await runWebLocks(threads.locks, mode, waits);
    else throw new Error('worker_threads.locks is not available');
    post({ type: 'done', acquisitions, activeMs: performance.now() - startedAt, waits });
  }
}

main().catch((error: unknown) =>
  post({ type: 'failed', message: error instanceof Error ? error.message : String(error) }),
);
