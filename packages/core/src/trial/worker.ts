/**
 * The worker's side of a run, the same on every platform: waits for a run, then for each trial
 * reports `ready`, parks at the start barrier (the generation word), runs its strategy's loop and
 * reports `done`. Between runs it stays alive and idle, which is what makes a warm rerun cheap.
 * The platform entries (`node-worker.ts`, `web-worker.ts`) only connect it to their message port.
 */

import type { Mutex } from '../lock/index.js';
import { cpuRelax, monotonicMs } from '../shared/index.js';
import {
  incrementAtomically,
  incrementUnsynchronized,
  incrementWithMutex,
  incrementWithSpinlock,
  type LoopStats,
  type LoopTarget,
} from './increment-loops.js';
import {
  ABORT,
  ARRIVED,
  finishedAtSlot,
  GENERATION,
  runMutex,
  startedAtSlot,
  viewRunLayout,
  WORKER_MUTEX_TOKEN,
  workerSlot,
} from './layout.js';
import type { RunCommand, WorkerMessage } from './protocol.js';
import { workerLog } from './trace-log.js';
import { tracedAtomic, tracedMutex, tracedSpinlock, tracedUnsynchronized } from './traced-loops.js';

/** How the worker talks to the runner: its platform's message port. */
export interface RunnerChannel {
  post(message: WorkerMessage): void;
  onCommand(handle: (command: RunCommand) => void): void;
}

/** The longest a worker waits at the start gate for others to be running too. */
const START_GATE_MS = 2;

/**
 * The futex barrier wakes workers one after another, tens of microseconds apart, and a worker can
 * finish 100,000 increments in a fraction of a millisecond: without a gate, the first workers on
 * each core would mostly run alone and the race would rarely show. So each woken worker spins
 * until as many workers as there are cores are running (or, on a busy machine, for at most
 * START_GATE_MS), and those start together, as threads in the seed's experiment do.
 */
function passStartGate(ints: Int32Array, gate: number): void {
  Atomics.add(ints, ARRIVED, 1);
  const deadline = performance.now() + START_GATE_MS;
  while (Atomics.load(ints, ARRIVED) < gate && performance.now() < deadline) cpuRelax();
}

function loopFor(command: RunCommand, target: LoopTarget, mutex: Mutex): () => LoopStats {
  if (command.traceLog) return tracedLoopFor(command, target, mutex, command.traceLog);
  switch (command.strategy) {
    case 'none':
      return () => incrementUnsynchronized(target);
    case 'mutex':
      return () => incrementWithMutex(target, mutex);
    case 'spinlock':
      return () => incrementWithSpinlock(target);
    case 'atomic':
      return () => incrementAtomically(target);
  }
}

function tracedLoopFor(command: RunCommand, target: LoopTarget, mutex: Mutex, buffer: SharedArrayBuffer) {
  const log = workerLog(buffer, command.index, command.iterations);
  switch (command.strategy) {
    case 'none':
      return () => tracedUnsynchronized(target, log);
    case 'mutex':
      return () => tracedMutex(target, mutex, log);
    case 'spinlock':
      return () => tracedSpinlock(target, log);
    case 'atomic':
      return () => tracedAtomic(target, log);
  }
}

/** Test-only hooks, where an injected fault strikes. */
export interface FaultHooks {
  /** When the barrier opens, in place of the loop. */
  beforeLoop?: () => void;
  /** Right after the last trial's `done`. */
  afterResults?: () => void;
}

/** Runs every trial of one run. */
export function runTrials(command: RunCommand, post: (message: WorkerMessage) => void, hooks: FaultHooks = {}): void {
  const layout = viewRunLayout(command.buffer, command.workers);
  const { ints, times } = layout;
  const target: LoopTarget = { ints, slot: workerSlot(command.index), iterations: command.iterations };
  const mutex = runMutex(layout);
  // Before `ready`, so before this worker can take the lock: the runner frees it by this token if the
  // worker dies holding it.
  Atomics.store(ints, target.slot + WORKER_MUTEX_TOKEN, mutex.token);
  const loop = loopFor(command, target, mutex);

  for (let trial = 0; trial < command.trials; trial++) {
    post({ type: 'ready', trial });
    while (Atomics.load(ints, GENERATION) === trial) {
      Atomics.wait(ints, GENERATION, trial);
    }
    if (Atomics.load(ints, ABORT) !== 0) break;
    hooks.beforeLoop?.();
    passStartGate(ints, command.gate);
    times[startedAtSlot(command.index)] = monotonicMs();
    const stats = loop();
    times[finishedAtSlot(command.index)] = monotonicMs();
    post({ type: 'done', trial, stats });
    if (trial === command.trials - 1) hooks.afterResults?.();
    if (Atomics.load(ints, ABORT) !== 0) break;
  }
  post({ type: 'idle' });
}

/** Serves runs on `channel` until the thread is ended. */
export function serveRuns(channel: RunnerChannel): void {
  channel.onCommand((command) => {
    if (command.type !== 'run') return;
    if (command.fault?.worker !== command.index) {
      runTrials(command, (message) => channel.post(message));
      return;
    }
    // Fault injection is for tests only: a normal worker never loads its code.
    void import('./faults.js').then(({ injectFault }) => {
      const fault = command.fault as NonNullable<RunCommand['fault']>;
      const layout = viewRunLayout(command.buffer, command.workers);
      const mutex = runMutex(layout);
      const strike = () => injectFault(fault, mutex, () => channel.post({ type: 'fault' }), layout.ints);
      const hooks = fault.at === 'after-done' ? { afterResults: strike } : { beforeLoop: strike };
      runTrials(command, (message) => channel.post(message), hooks);
    });
  });
}
