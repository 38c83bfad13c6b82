/**
 * Deliberate failures, for the tests of the runner's fault handling; a normal run has none.
 * One worker fails at the start barrier, right after taking the run's mutex (or its spinlock word),
 * while parked waiting for the mutex (the main thread holds it so the worker has to park), or after
 * reporting its last trial (`after-done`). It throws, calls `process.exit`, or announces itself and
 * is terminated from the main thread.
 */

import type { Mutex } from '../lock/index.js';
import { SPINLOCK } from './layout.js';

export interface FaultPlan {
  worker: number;
  kind: 'throw' | 'exit' | 'terminate';
  at: 'barrier' | 'holding-lock' | 'holding-spinlock' | 'parked' | 'after-done';
}

/** How long the main thread lets the announced worker park before it terminates it. */
const PARK_SETTLE_MS = 50;

/** Worker side: runs when the barrier opens, in place of the increment loop. */
export function injectFault(fault: FaultPlan, mutex: Mutex, announce: () => void, ints?: Int32Array): void {
  if (fault.at === 'holding-lock') mutex.lock();
  if (fault.at === 'holding-spinlock' && ints) {
    while (Atomics.compareExchange(ints, SPINLOCK, 0, 1) !== 0) Atomics.wait(ints, SPINLOCK, 1, 1);
  }
  if (fault.kind === 'terminate' || fault.at === 'parked') {
    announce();
    if (fault.at === 'parked') mutex.lock();
    // Nothing to do but wait to be terminated.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
    return;
  }
  if (fault.kind === 'exit') process.exit(70);
  throw new Error(`injected fault in worker ${fault.worker} at ${fault.at}`);
}

/** Main side: what the run does around the faulty worker. */
export interface ArmedFault {
  /** Before the first barrier opens. */
  beforeStart(): void;
  /** The faulty worker announced itself. */
  announced(terminate: () => Promise<void>): void;
}

export function armFault(fault: FaultPlan | undefined, mutex: Mutex): ArmedFault {
  if (!fault) return { beforeStart() {}, announced() {} };
  if (fault.at === 'parked' && fault.kind !== 'terminate') {
    throw new RangeError('a parked worker can only be terminated');
  }
  return {
    beforeStart() {
      if (fault.at === 'parked') mutex.lock();
    },
    announced(terminate) {
      setTimeout(async () => {
        await terminate();
        if (fault.at === 'parked') mutex.unlock();
      }, PARK_SETTLE_MS);
    },
  };
}
