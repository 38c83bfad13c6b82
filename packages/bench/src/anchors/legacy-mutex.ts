/**
 * BASELINE, NOT racelab's lock: the `Mutex` of @racelab/core 0.1 (git main before the fairness
 * work, packages/core/src/mutex.ts at eed7b2b), kept here unchanged in its lock algorithm so the
 * bench can measure the new lock against it in the same run. Only the paths the bench uses are
 * kept (lock, tryLock, unlock); the spin and backoff are copied as they were.
 *
 * Drepper's three-state futex mutex: 0 FREE, 1 LOCKED, 2 CONTENDED in one word, the owner's
 * thread id (+1) in the word beside it. Barging without limit: an unlock frees the word and wakes
 * one parked waiter, which must then win the word against every running thread.
 */
import { threadId } from 'node:worker_threads';

const FREE = 0;
const LOCKED = 1;
const CONTENDED = 2;

const STATE = 0;
const OWNER = 1;

const SPIN_ROUNDS = 20;
const MAX_BACKOFF = 1024;

const SELF = threadId + 1;

type AtomicsWithPause = typeof Atomics & { pause?: () => void };
const nativePause = (Atomics as AtomicsWithPause).pause;
const privateWord = new Int32Array(1);
const cpuRelax: () => void =
  typeof nativePause === 'function'
    ? () => (Atomics as Required<AtomicsWithPause>).pause()
    : () => {
        Atomics.load(privateWord, 0);
      };

function backOff(units: number): void {
  for (let unit = 0; unit < units; unit++) cpuRelax();
}

export class LegacyMutex {
  static readonly BYTES = 64;
  readonly #cells: Int32Array;

  constructor(buffer: SharedArrayBuffer, byteOffset = 0) {
    this.#cells = new Int32Array(buffer, byteOffset, 2);
  }

  lock(): void {
    const cells = this.#cells;
    if (Atomics.compareExchange(cells, STATE, FREE, LOCKED) !== FREE) {
      this.#lockContended();
    }
    cells[OWNER] = SELF;
  }

  tryLock(): boolean {
    const cells = this.#cells;
    if (Atomics.compareExchange(cells, STATE, FREE, LOCKED) === FREE) {
      cells[OWNER] = SELF;
      return true;
    }
    return false;
  }

  unlock(): void {
    const cells = this.#cells;
    if (cells[OWNER] !== SELF) throw new Error('LegacyMutex: unlock by a thread that does not hold it');
    cells[OWNER] = 0;
    if (Atomics.exchange(cells, STATE, FREE) === CONTENDED) {
      Atomics.notify(cells, STATE, 1);
    }
  }

  #lockContended(): void {
    const cells = this.#cells;
    if (spinUntilAcquired(cells)) return;
    while (Atomics.exchange(cells, STATE, CONTENDED) !== FREE) {
      Atomics.wait(cells, STATE, CONTENDED);
    }
  }
}

function spinUntilAcquired(cells: Int32Array): boolean {
  let delay = 1;
  for (let round = 0; round < SPIN_ROUNDS; round++) {
    backOff(delay);
    if (delay < MAX_BACKOFF) delay *= 2;
    const state = Atomics.load(cells, STATE);
    if (state === FREE && Atomics.compareExchange(cells, STATE, FREE, LOCKED) === FREE) return true;
    if (state === CONTENDED) return false;
  }
  return false;
}
