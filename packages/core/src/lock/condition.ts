/**
 * A condition variable that lives in shared memory and pairs with a `Mutex` (Mesa semantics, as
 * Python's `threading.Condition`, TC39's `Atomics.Condition` and esfx's `ConditionVariable`).
 *
 * Three words: SEQ, a futex word every notification bumps (waiters park on it); WAITERS, the
 * threads inside a wait; SIGNALS, notifications not yet taken by a waiter. A waiter counts itself
 * and reads SEQ while it holds the mutex, so a notification made (under the mutex) after that
 * changes SEQ and its park returns at once: no wake-up is lost. A waiter returns `true` only by
 * taking a signal, and only one sent after it began to wait, so a thread that starts waiting just
 * after a `notifyAll` cannot take a wake-up meant for the threads already waiting.
 *
 * Parks are bounded: a waiter woken by a notification but killed before it took its signal leaves
 * the signal in SIGNALS, and another waiter takes it at its next look (≤ `PARK_BOUND_MS`).
 */
import type { Mutex } from './mutex.js';
import { MutexError } from './mutex.js';
import { canBlock, PARK_BOUND_MS, type ParkOutcome, parkAsync } from './mutex-park.js';
import { lockSteps } from './mutex-steps.js';
import { checkSignal, checkTimeout } from './mutex-timeout.js';

const SEQ = 0;
const WAITERS = 1;
const SIGNALS = 2;

/** What `condition.handle` holds: everything another thread needs to rebuild it. */
export interface ConditionHandle {
  readonly buffer: SharedArrayBuffer;
  readonly byteOffset: number;
}

export interface ConditionWaitOptions {
  /** Stop waiting when this signal aborts: rejects with its reason, once the mutex is held again. */
  signal?: AbortSignal;
  /** Stop waiting after this many milliseconds (≥ 0; `Infinity`: never): resolves `false`. */
  timeoutMs?: number;
}

export class Condition {
  /** Bytes a condition occupies: one cache line. */
  static readonly BYTES = 64;
  /** The alignment `byteOffset` must have (4 is required; 64 keeps it on its own cache line). */
  static readonly ALIGNMENT = 4;

  readonly #cells: Int32Array;
  readonly #buffer: SharedArrayBuffer;
  readonly #byteOffset: number;

  constructor(buffer?: SharedArrayBuffer, byteOffset = 0) {
    const shared = buffer ?? new SharedArrayBuffer(Condition.BYTES);
    if (!(shared instanceof SharedArrayBuffer)) throw new TypeError('Condition needs a SharedArrayBuffer');
    if (!Number.isInteger(byteOffset) || byteOffset < 0 || byteOffset % Condition.ALIGNMENT !== 0) {
      throw new RangeError(`byteOffset must be a non-negative multiple of ${Condition.ALIGNMENT} (got ${byteOffset})`);
    }
    if (byteOffset + Condition.BYTES > shared.byteLength) {
      throw new RangeError(
        `a Condition needs ${Condition.BYTES} bytes at byteOffset ${byteOffset}, but the buffer has ${shared.byteLength}`,
      );
    }
    this.#buffer = shared;
    this.#byteOffset = byteOffset;
    this.#cells = new Int32Array(shared, byteOffset, Condition.BYTES / Int32Array.BYTES_PER_ELEMENT);
  }

  /** Rebuilds a condition sent with `postMessage(condition.handle)`. */
  static from(handle: ConditionHandle): Condition {
    return new Condition(handle.buffer, handle.byteOffset);
  }

  /** Structured-clonable: send it to another thread and call `Condition.from` there. */
  get handle(): ConditionHandle {
    return { buffer: this.#buffer, byteOffset: this.#byteOffset };
  }

  /**
   * Releases `mutex` (which this thread must hold), waits to be notified, and takes `mutex` again
   * before it returns, whatever happens. Returns `false` if `timeoutMs` passed first. Another
   * thread may have changed the state since the notification: loop on your condition, or use
   * `waitFor`.
   */
  wait(mutex: Mutex, timeoutMs?: number): boolean {
    const limit = timeoutMs === undefined ? Number.POSITIVE_INFINITY : checkTimeout('wait: timeoutMs', timeoutMs);
    this.#assertHeld(mutex, 'wait');
    if (!canBlock) {
      throw new MutexError(
        "wait() cannot block on this thread (a browser's main thread may not Atomics.wait): use await condition.waitAsync(mutex)",
        'cannot_block',
      );
    }
    const cells = this.#cells;
    const deadline = performance.now() + limit;
    const since = this.#register();
    mutex.unlock();
    lockSteps.reached?.('wait:released');
    for (;;) {
      const seq = Atomics.load(cells, SEQ);
      const remaining = deadline - performance.now();
      if (remaining > 0 && !this.#hasSignalSince(since)) {
        if (Atomics.wait(cells, SEQ, seq, Math.min(remaining, PARK_BOUND_MS)) !== 'not-equal') {
          lockSteps.reached?.('wait:woken');
        }
        if (!this.#hasSignalSince(since) && performance.now() < deadline) continue;
      }
      mutex.lock();
      const outcome = this.#settle(since, deadline);
      if (outcome !== undefined) return outcome;
      mutex.unlock();
    }
  }

  /**
   * Waits until `predicate()` (called with the mutex held) is true, and returns true; or returns
   * `predicate()`'s last value once `timeoutMs` has passed. The mutex is held on return.
   */
  waitFor(mutex: Mutex, predicate: () => boolean, timeoutMs?: number): boolean {
    const limit = timeoutMs === undefined ? Number.POSITIVE_INFINITY : checkTimeout('waitFor: timeoutMs', timeoutMs);
    this.#assertHeld(mutex, 'waitFor');
    const deadline = performance.now() + limit;
    while (!predicate()) {
      const remaining = deadline - performance.now();
      if (remaining <= 0 || !this.wait(mutex, remaining)) return predicate();
    }
    return true;
  }

  /**
   * `wait` for threads that must not block (a main thread): the mutex is released while waiting
   * and held again when the promise settles, also when it rejects because `signal` aborted.
   * Resolves `false` if `timeoutMs` passed first.
   */
  async waitAsync(mutex: Mutex, options: ConditionWaitOptions = {}): Promise<boolean> {
    const signal = checkSignal('waitAsync: signal', options.signal);
    const limit =
      options.timeoutMs === undefined
        ? Number.POSITIVE_INFINITY
        : checkTimeout('waitAsync: timeoutMs', options.timeoutMs);
    this.#assertHeld(mutex, 'waitAsync');
    signal?.throwIfAborted();
    const cells = this.#cells;
    const deadline = performance.now() + limit;
    const since = this.#register();
    mutex.unlock();
    let aborted = false;
    for (;;) {
      const seq = Atomics.load(cells, SEQ);
      const remaining = deadline - performance.now();
      if (!aborted && remaining > 0 && !this.#hasSignalSince(since)) {
        const outcome = await parkUnlessAborted(cells, seq, Math.min(remaining, PARK_BOUND_MS), signal);
        aborted = outcome === 'aborted';
        if (!aborted && !this.#hasSignalSince(since) && performance.now() < deadline) continue;
      }
      await mutex.lockAsync();
      if (aborted) {
        this.#leave();
        throw signal?.reason;
      }
      const outcome = this.#settle(since, deadline);
      if (outcome !== undefined) return outcome;
      mutex.unlock();
    }
  }

  /** Wakes one waiting thread. Returns how many were woken: 1, or 0 if none was waiting. */
  notifyOne(): number {
    return this.#signal(1);
  }

  /** Wakes every waiting thread. Returns how many were woken. */
  notifyAll(): number {
    return this.#signal(Number.POSITIVE_INFINITY);
  }

  #signal(wanted: number): number {
    const cells = this.#cells;
    const unsignalled = Atomics.load(cells, WAITERS) - Atomics.load(cells, SIGNALS);
    const count = Math.min(wanted, unsignalled);
    if (count <= 0) return 0;
    Atomics.add(cells, SIGNALS, count);
    Atomics.add(cells, SEQ, 1);
    Atomics.notify(cells, SEQ, wanted === 1 ? 1 : undefined);
    return count;
  }

  /** Counts this thread in, under the mutex; returns the SEQ its signals must come after. */
  #register(): number {
    Atomics.add(this.#cells, WAITERS, 1);
    lockSteps.reached?.('wait:registered');
    return Atomics.load(this.#cells, SEQ);
  }

  /** A signal is waiting to be taken, sent after this waiter began (SEQ moved since). */
  #hasSignalSince(since: number): boolean {
    return Atomics.load(this.#cells, SIGNALS) > 0 && Atomics.load(this.#cells, SEQ) !== since;
  }

  /** With the mutex held again: take a signal (true), or time out (false), or wait on (undefined). */
  #settle(since: number, deadline: number): boolean | undefined {
    const cells = this.#cells;
    if (Atomics.load(cells, SEQ) !== since) {
      for (let signals = Atomics.load(cells, SIGNALS); signals > 0; signals = Atomics.load(cells, SIGNALS)) {
        if (Atomics.compareExchange(cells, SIGNALS, signals, signals - 1) === signals) {
          Atomics.sub(cells, WAITERS, 1);
          return true;
        }
      }
    }
    if (performance.now() < deadline) return undefined;
    this.#leave();
    return false;
  }

  /**
   * Leaves without a signal (timed out or aborted). Signals now outnumbering the waiters can have
   * no taker; any left are for the others, one of whom a notification may have missed while it
   * went to this thread: wake one to look.
   */
  #leave(): void {
    const cells = this.#cells;
    const waiters = Atomics.sub(cells, WAITERS, 1) - 1;
    for (let signals = Atomics.load(cells, SIGNALS); signals > waiters; signals = Atomics.load(cells, SIGNALS)) {
      if (Atomics.compareExchange(cells, SIGNALS, signals, waiters) === signals) break;
    }
    if (Atomics.load(cells, SIGNALS) > 0) Atomics.notify(cells, SEQ, 1);
  }

  #assertHeld(mutex: Mutex, method: string): void {
    if (!mutex.isHeldByCurrentThread) {
      throw new MutexError(`${method}() needs the mutex held by this thread: lock it first`, 'not_owner');
    }
  }
}

/** Parks on SEQ without blocking; settles early, with 'aborted', if `signal` aborts. */
function parkUnlessAborted(
  cells: Int32Array,
  seq: number,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<ParkOutcome | 'aborted'> {
  const parked = parkAsync(cells, SEQ, seq, timeoutMs);
  if (typeof parked === 'string') return Promise.resolve(parked);
  if (!signal) return parked;
  return new Promise((resolve) => {
    const onAbort = () => {
      // The abandoned park may still be the one a notification wakes: pass that wake-up on.
      parked.then((outcome) => {
        if (outcome === 'ok') Atomics.notify(cells, SEQ, 1);
      });
      resolve('aborted');
    };
    signal.addEventListener('abort', onAbort, { once: true });
    parked.then((outcome) => {
      signal.removeEventListener('abort', onAbort);
      resolve(outcome);
    });
  });
}
