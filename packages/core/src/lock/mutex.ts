/**
 * A mutual-exclusion lock that lives in shared memory and works across threads (worker_threads,
 * Web Workers, Bun and Deno workers).
 *
 * It starts from the futex lock of Ulrich Drepper, "Futexes Are Tricky" (2011, mutex #3), and adds
 * the owner's token in the lock word and the eventual fairness of parking_lot and WebKit's
 * `WTF::Lock`:
 *
 * - `lock()` is one compare-and-swap FREE → token when nobody holds it. Otherwise the thread spins
 *   with exponential backoff while nobody waits (a lock held for nanoseconds is not paid for with a
 *   sleep), then waits in line: as the watcher (the next in line) or in the FIFO queue behind it.
 * - `unlock()` is one compare-and-swap token → FREE when nobody has marked the word. Otherwise it
 *   frees the lock and wakes the watcher to compete for it (barging: a running thread may take it
 *   first), or, once the watcher has waited 0.5–1 ms (random), or on `unlockFair()`, hands the lock
 *   straight to it. Each watcher, served, wakes the oldest queued waiter to take its place.
 * - Owner and state change in one atomic step, so a thread that dies at any point leaves a word
 *   `releaseAbandoned(token)` can repair; waits are bounded besides, so nobody sleeps forever.
 *
 * The word and slot are described in `mutex-word.ts`, the waiting in `mutex-wait.ts`.
 */
import { canBlock, type ParkOutcome, parkAsync } from './mutex-park.js';
import { lockSteps } from './mutex-steps.js';
import { checkSignal, checkTimeout } from './mutex-timeout.js';
import { tokenFor } from './mutex-token.js';
import {
  abandon,
  leave,
  newWaiter,
  type Park,
  parked,
  passOn,
  release,
  spinToAcquire,
  step,
  type Waiter,
} from './mutex-wait.js';
import { HANDOFF, MAX_TOKEN, OWNER_BITS, ownerOf, TOKEN_SHIFT, STATE as WORD_STATE } from './mutex-word.js';

/**
 * The lock word's index and its free value, as this module's own constants: V8 folds those into
 * the fast paths, while an imported binding is a load and a check on every call (2–5 % of an
 * uncontended lock/unlock pair, measured with `pnpm bench`).
 */
const STATE = 0;
const FREE = 0;
if (STATE !== WORD_STATE) throw new Error('mutex.ts and mutex-word.ts disagree on the lock word');

/** What `mutex.handle` holds: everything another thread needs to rebuild the same mutex. */
export interface MutexHandle {
  readonly buffer: SharedArrayBuffer;
  readonly byteOffset: number;
}

export interface LockAsyncOptions {
  /** Give up when this signal aborts: the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Give up after this many milliseconds (≥ 0; `Infinity`: never): rejects with a `TimeoutError`. */
  timeoutMs?: number;
}

/** Counters kept per thread (they live in this object, not in shared memory). */
export interface MutexStats {
  /** Acquisitions that found the lock already taken. */
  contended: number;
  /** Times this thread parked in `Atomics.wait` / `Atomics.waitAsync`. */
  waits: number;
  /** Milliseconds this thread spent waiting in acquisitions that found the lock taken and got it. */
  waitedMs: number;
}

/** Releases the lock when disposed: `using guard = mutex.guard();`. */
export interface LockGuard extends Disposable {
  /** Releases now; disposing afterwards does nothing. */
  release(): void;
}

export class MutexError extends Error {
  override name = 'MutexError';
  constructor(
    message: string,
    readonly code: 'relock' | 'not_owner' | 'cannot_block',
  ) {
    super(message);
  }
}

export class Mutex {
  /**
   * Bytes a mutex occupies. Use a `byteOffset` that is a multiple of 64 (the x86-64 and arm64
   * cache line) and keep other hot data out of the slot, or threads will slow each other down.
   */
  static readonly BYTES = 64;
  /** The alignment `byteOffset` must have (4 is required for the `Int32Array` view; 64 is best). */
  static readonly ALIGNMENT = 4;

  readonly stats: MutexStats = { contended: 0, waits: 0, waitedMs: 0 };
  /**
   * This thread's owner token for this lock: non-zero, unique among the threads sharing it, and
   * what `owner` reports while this thread holds it. Publish it where whoever watches this thread
   * can find it, so that they can call `releaseAbandoned(token)` if it dies.
   */
  readonly token: number;
  readonly #mine: number;
  readonly #cells: Int32Array;
  readonly #buffer: SharedArrayBuffer;
  readonly #byteOffset: number;

  constructor(buffer?: SharedArrayBuffer, byteOffset = 0) {
    const shared = buffer ?? new SharedArrayBuffer(Mutex.BYTES);
    if (!(shared instanceof SharedArrayBuffer)) {
      throw new TypeError('Mutex needs a SharedArrayBuffer');
    }
    if (!Number.isInteger(byteOffset) || byteOffset < 0 || byteOffset % Mutex.ALIGNMENT !== 0) {
      throw new RangeError(`byteOffset must be a non-negative multiple of ${Mutex.ALIGNMENT} (got ${byteOffset})`);
    }
    if (byteOffset + Mutex.BYTES > shared.byteLength) {
      throw new RangeError(
        `a Mutex needs ${Mutex.BYTES} bytes at byteOffset ${byteOffset}, but the buffer has ${shared.byteLength}`,
      );
    }
    this.#buffer = shared;
    this.#byteOffset = byteOffset;
    this.#cells = new Int32Array(shared, byteOffset, Mutex.BYTES / Int32Array.BYTES_PER_ELEMENT);
    this.token = tokenFor(shared, byteOffset, this.#cells);
    this.#mine = this.token << TOKEN_SHIFT;
  }

  /** Rebuilds a mutex sent with `postMessage(mutex.handle)`. */
  static from(handle: MutexHandle): Mutex {
    return new Mutex(handle.buffer, handle.byteOffset);
  }

  /** Structured-clonable: send it to another thread and call `Mutex.from` there. */
  get handle(): MutexHandle {
    return { buffer: this.#buffer, byteOffset: this.#byteOffset };
  }

  /** The holder's token, 0 when nobody holds it (a snapshot: it may change at once). */
  get owner(): number {
    return ownerOf(Atomics.load(this.#cells, STATE));
  }

  /** Whether the lock is taken, or being handed to a waiter (a snapshot). */
  get isLocked(): boolean {
    return (Atomics.load(this.#cells, STATE) & (OWNER_BITS | HANDOFF)) !== 0;
  }

  /** Whether this thread holds the lock. */
  get isHeldByCurrentThread(): boolean {
    return (Atomics.load(this.#cells, STATE) & OWNER_BITS) === this.#mine;
  }

  /**
   * Blocks until the lock is this thread's. Throws `MutexError` if this thread already holds it
   * (`relock`), or if this thread may not block (`cannot_block`: a browser's main thread; use
   * `lockAsync` there).
   */
  lock(): void {
    if (Atomics.compareExchange(this.#cells, STATE, FREE, this.#mine) !== FREE) {
      this.#lockContended(Number.POSITIVE_INFINITY);
    }
  }

  static {
    // Where a thread may not block, lock() throws; deciding that here, once, rather than in lock()
    // keeps the check (a module binding load: 5–7 % of an uncontended lock/unlock) off the fast path.
    if (!canBlock) {
      Mutex.prototype.lock = function lock(): void {
        throwCannotBlock('lock()');
      };
    }
  }

  /**
   * Takes the lock if it is free and returns true; otherwise returns false at once, or, given a
   * timeout in milliseconds, waits up to that long for it (not on a browser's main thread).
   */
  tryLock(timeoutMs = 0): boolean {
    if (timeoutMs !== 0) {
      checkTimeout('tryLock: timeoutMs', timeoutMs);
      if (!canBlock) throwCannotBlock('tryLock(timeoutMs)');
    }
    const cells = this.#cells;
    if (Atomics.compareExchange(cells, STATE, FREE, this.#mine) === FREE) return true;
    if (timeoutMs === 0) {
      this.#assertNotHeld(Atomics.load(cells, STATE));
      this.stats.contended++;
      return false;
    }
    return this.#lockContended(timeoutMs);
  }

  /** Releases the lock, waking a waiter if one is parked. Throws unless this thread holds it. */
  unlock(): void {
    const mine = this.#mine;
    if (Atomics.compareExchange(this.#cells, STATE, mine, FREE) !== mine) this.#release(false);
  }

  /** Releases the lock and hands it straight to the longest waiter, if one is parked. */
  unlockFair(): void {
    this.#release(true);
  }

  /**
   * Waits for the lock without blocking the event loop (`Atomics.waitAsync`), for the main thread.
   * Unlike `lock()`, this waits (rather than throws) while another task of this thread holds it.
   */
  async lockAsync(options: LockAsyncOptions = {}): Promise<void> {
    const signal = checkSignal('lockAsync: signal', options.signal);
    const timeoutMs =
      options.timeoutMs === undefined
        ? Number.POSITIVE_INFINITY
        : checkTimeout('lockAsync: timeoutMs', options.timeoutMs);
    signal?.throwIfAborted();
    if (Atomics.compareExchange(this.#cells, STATE, FREE, this.#mine) === FREE) return;
    this.stats.contended++;
    const since = performance.now();
    const deadline = since + timeoutMs;
    const waiter = newWaiter(this.#cells, this.token);
    for (;;) {
      const park = step(waiter);
      if (!park) {
        this.stats.waitedMs += performance.now() - since;
        return;
      }
      const remaining = deadline - performance.now();
      if (remaining <= 0 || signal?.aborted) {
        leave(waiter);
        // It may have aborted after the last wake-up, when no listener was there to hear it.
        signal?.throwIfAborted();
        throw new DOMException(`lock not acquired within ${timeoutMs} ms`, 'TimeoutError');
      }
      this.stats.waits++;
      lockSteps.reached?.('lock:parking');
      const outcome = await this.#parkAsync(
        waiter,
        { ...park, timeoutMs: Math.min(park.timeoutMs, remaining) },
        signal,
      );
      parked(waiter, park, outcome);
    }
  }

  /** Runs `fn` holding the lock and releases it however `fn` ends. */
  withLock<T>(fn: () => T): T {
    this.lock();
    try {
      return fn();
    } finally {
      this.unlock();
    }
  }

  /** `withLock` for async work on the main thread: waits with `lockAsync`. */
  async withLockAsync<T>(fn: () => T | Promise<T>, options?: LockAsyncOptions): Promise<T> {
    await this.lockAsync(options);
    try {
      return await fn();
    } finally {
      this.unlock();
    }
  }

  /** Locks and returns a guard that unlocks when disposed: `using guard = mutex.guard();`. */
  guard(): LockGuard {
    this.lock();
    return this.#newGuard();
  }

  /** `await using guard = await mutex.guardAsync();` */
  async guardAsync(options?: LockAsyncOptions): Promise<LockGuard> {
    await this.lockAsync(options);
    return this.#newGuard();
  }

  /**
   * Owner-dead recovery, as a robust pthread mutex offers it. Call it once you know the thread
   * that had `token` has ended (its Worker's `exit` event): the lock word cannot tell a dead owner
   * from a slow one. If that thread holds the lock, frees it and returns true; otherwise returns
   * false. Either way it wakes every parked waiter to look again, since the dead thread may have
   * been woken to take the lock and died with that wake-up. The data the lock protected may have
   * been left half-updated; check it before trusting it.
   */
  releaseAbandoned(token: number): boolean {
    if (!Number.isInteger(token) || token < 0 || token > MAX_TOKEN) {
      throw new RangeError(`releaseAbandoned: token must be an integer from 1 to ${MAX_TOKEN} (got ${token})`);
    }
    if (token === 0 || token === this.token) return false;
    return abandon(this.#cells, token);
  }

  #newGuard(): LockGuard {
    let held = true;
    const release = () => {
      if (!held) return;
      held = false;
      this.unlock();
    };
    return { release, [Symbol.dispose]: release };
  }

  /** `lock()` and `tryLock(timeoutMs)` once the first compare-and-swap failed. */
  #lockContended(timeoutMs: number): boolean {
    const cells = this.#cells;
    this.#assertNotHeld(Atomics.load(cells, STATE));
    this.stats.contended++;
    // Timed here, where only an acquisition that waits anyway pays the two clock reads.
    const since = performance.now();
    const taken = this.#wait(timeoutMs);
    if (taken) this.stats.waitedMs += performance.now() - since;
    return taken;
  }

  #wait(timeoutMs: number): boolean {
    const cells = this.#cells;
    if (spinToAcquire(cells, this.#mine)) return true;
    const deadline = timeoutMs === Number.POSITIVE_INFINITY ? timeoutMs : performance.now() + timeoutMs;
    const waiter = newWaiter(cells, this.token);
    for (;;) {
      const park = step(waiter);
      if (!park) return true;
      const remaining = deadline === Number.POSITIVE_INFINITY ? park.timeoutMs : deadline - performance.now();
      if (remaining <= 0) {
        leave(waiter);
        return false;
      }
      this.stats.waits++;
      lockSteps.reached?.('lock:parking');
      parked(waiter, park, Atomics.wait(cells, park.index, park.value, Math.min(park.timeoutMs, remaining)));
    }
  }

  /** The slow unlock: this thread must hold the lock. */
  #release(fair: boolean): void {
    const cells = this.#cells;
    for (;;) {
      const word = Atomics.load(cells, STATE);
      if ((word & (OWNER_BITS | HANDOFF)) !== this.#mine) this.#throwNotOwner(word);
      if (release(cells, word, fair)) return;
    }
  }

  #parkAsync(waiter: Waiter, park: Park, signal: AbortSignal | undefined): ParkOutcome | Promise<ParkOutcome> {
    const cells = this.#cells;
    const parking = parkAsync(cells, park.index, park.value, park.timeoutMs);
    if (typeof parking === 'string' || !signal) return parking;
    return new Promise<ParkOutcome>((resolve, reject) => {
      const onAbort = () => {
        leave(waiter);
        // The abandoned wait may still be the one a wake-up goes to: pass that wake-up on.
        parking.then((outcome) => {
          if (outcome === 'ok') passOn(cells, park.index);
        });
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      parking.then((outcome) => {
        signal.removeEventListener('abort', onAbort);
        resolve(outcome);
      });
    });
  }

  #assertNotHeld(word: number): void {
    if ((word & OWNER_BITS) === this.#mine) {
      throw new MutexError('this thread already holds the mutex (it is not reentrant): unlock it first', 'relock');
    }
  }

  #throwNotOwner(word: number): never {
    const owner = ownerOf(word);
    const held =
      owner !== 0
        ? `it is held by token ${owner}`
        : (word & HANDOFF) !== 0
          ? 'it is being handed over'
          : 'it is not locked';
    throw new MutexError(`this thread (token ${this.token}) cannot unlock this mutex: ${held}`, 'not_owner');
  }
}

function throwCannotBlock(method: string): never {
  throw new MutexError(
    `${method} cannot block on this thread (a browser's main thread may not Atomics.wait): use await mutex.lockAsync()`,
    'cannot_block',
  );
}
