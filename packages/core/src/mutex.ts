/**
 * A mutual-exclusion lock that lives in shared memory and works across threads (worker_threads,
 * Web Workers, Bun and Deno workers).
 *
 * It is the futex lock of Ulrich Drepper, "Futexes Are Tricky" (2011, mutex #3), with the owner's
 * token in the lock word and the eventual fairness of parking_lot and WebKit's `WTF::Lock`:
 *
 * - `lock()` is one compare-and-swap FREE → token when nobody holds it. Otherwise the thread spins
 *   with exponential backoff while nobody is parked (a lock held for nanoseconds is not paid for
 *   with a sleep), then sets PARKED and parks in `Atomics.wait`.
 * - `unlock()` is one compare-and-swap token → FREE when nobody is parked. Otherwise it frees the
 *   lock and wakes one waiter (barging: a running thread may take it first), or, when the lock's
 *   fairness deadline has passed (0.5–1 ms, random) or on `unlockFair()`, hands it straight to the
 *   longest waiter (the ECMAScript waiter list is FIFO): HANDOFF lets no newcomer take it.
 * - Owner and state change in one atomic step, so a thread that dies at any point leaves a word
 *   `releaseAbandoned(token)` can repair; it also wakes every waiter, in case the dead thread had
 *   been woken and took the wake-up with it. Parks are bounded besides (`mutex-park.ts`).
 *
 * The word's bits are described in `mutex-word.ts`. The slot is one 64-byte cache line.
 */
import { backOff } from './cpu-relax.js';
import { fairnessDue } from './mutex-fair-timer.js';
import { canBlock, PARK_BOUND_MS, type ParkOutcome, parkAsync } from './mutex-park.js';
import { checkSignal, checkTimeout } from './mutex-timeout.js';
import { tokenFor } from './mutex-token.js';
import { FREE, HANDOFF, isFree, MAX_TOKEN, OWNER_BITS, ownerOf, PARKED, STATE } from './mutex-word.js';

/**
 * Spinning before parking: SPIN_ROUNDS looks at the lock word, each after a pause that doubles up to
 * MAX_BACKOFF spin hints, ~11,000 hints in all: ~90 µs on Node 20 (a hint costs ~8 ns), ~330 µs on
 * Node 24 (`pause`, ~30 ns on this AMD EPYC). Measured with `pnpm bench`, interleaved A/B on an idle
 * 2-core machine: the backoff is what lets the holder keep the cache line (mutex at 10 workers:
 * 16–19 M ops/s with the old 100 tight spins, 45–47 M with this).
 */
const SPIN_ROUNDS = 20;
const MAX_BACKOFF = 1024;

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

  readonly stats: MutexStats = { contended: 0, waits: 0 };
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
    this.#mine = this.token << 1;
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
    return !isFree(Atomics.load(this.#cells, STATE));
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
    if (!canBlock) throwCannotBlock('lock()');
    if (Atomics.compareExchange(this.#cells, STATE, FREE, this.#mine) !== FREE) {
      this.#lockContended(Number.POSITIVE_INFINITY);
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
    if (Atomics.compareExchange(this.#cells, STATE, this.#mine, FREE) !== this.#mine) this.#release(false);
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
    const cells = this.#cells;
    if (Atomics.compareExchange(cells, STATE, FREE, this.#mine) === FREE) return;
    this.stats.contended++;
    const deadline = performance.now() + timeoutMs;
    let waited = false;
    for (;;) {
      const word = this.#takeOrMarkParked(waited);
      if (word === FREE) return;
      const remaining = deadline - performance.now();
      if (remaining <= 0) throw new DOMException(`lock not acquired within ${timeoutMs} ms`, 'TimeoutError');
      // It may have aborted after the last wake-up, when no listener was there to hear it.
      signal?.throwIfAborted();
      this.stats.waits++;
      const outcome = await this.#parkAsync(word, Math.min(remaining, PARK_BOUND_MS), signal);
      waited ||= outcome !== 'not-equal';
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
    const cells = this.#cells;
    const theirs = token << 1;
    let released = false;
    for (;;) {
      const word = Atomics.load(cells, STATE);
      if ((word & OWNER_BITS) !== theirs) break;
      if (Atomics.compareExchange(cells, STATE, word, word & PARKED) === word) {
        released = true;
        break;
      }
    }
    Atomics.notify(cells, STATE);
    return released;
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
    if (spinToAcquire(cells, this.#mine)) return true;
    const deadline = timeoutMs === Number.POSITIVE_INFINITY ? timeoutMs : performance.now() + timeoutMs;
    let waited = false;
    for (;;) {
      const word = this.#takeOrMarkParked(waited);
      if (word === FREE) return true;
      const remaining = deadline === Number.POSITIVE_INFINITY ? PARK_BOUND_MS : deadline - performance.now();
      if (remaining <= 0) return false;
      this.stats.waits++;
      const outcome = Atomics.wait(cells, STATE, word, Math.min(remaining, PARK_BOUND_MS));
      waited ||= outcome !== 'not-equal';
    }
  }

  /**
   * One step of a waiter: takes the lock if it is free, or handed off and this thread is a waiter
   * (it has parked), and returns FREE; otherwise makes sure the word says PARKED and returns the
   * word to park on. A woken waiter that takes the lock keeps PARKED set, since others may still
   * be parked; one that goes back to park has set it again, so no wake-up is lost with it.
   */
  #takeOrMarkParked(waited: boolean): number {
    const cells = this.#cells;
    for (;;) {
      const word = Atomics.load(cells, STATE);
      if (isFree(word) || (waited && (word & HANDOFF) !== 0)) {
        const next = waited || word !== FREE ? this.#mine | PARKED : this.#mine;
        if (Atomics.compareExchange(cells, STATE, word, next) === word) return FREE;
        continue;
      }
      if ((word & PARKED) !== 0) return word;
      if (Atomics.compareExchange(cells, STATE, word, word | PARKED) === word) return word | PARKED;
    }
  }

  /** The slow unlock: this thread must hold the lock. */
  #release(fair: boolean): void {
    const cells = this.#cells;
    for (;;) {
      const word = Atomics.load(cells, STATE);
      if ((word & (OWNER_BITS | HANDOFF)) !== this.#mine) this.#throwNotOwner(word);
      if ((word & PARKED) === 0) {
        if (Atomics.compareExchange(cells, STATE, word, FREE) === word) return;
      } else if (fair || fairnessDue(cells)) {
        if (Atomics.compareExchange(cells, STATE, word, HANDOFF | PARKED) !== word) continue;
        if (Atomics.notify(cells, STATE, 1) > 0) return;
        // Nobody was parked after all (they timed out or gave up). Free it, keeping PARKED and
        // waking anyone who parked on the handed-off word meanwhile.
        Atomics.compareExchange(cells, STATE, HANDOFF | PARKED, PARKED);
        Atomics.notify(cells, STATE, 1);
        return;
      } else if (Atomics.compareExchange(cells, STATE, word, FREE) === word) {
        Atomics.notify(cells, STATE, 1);
        return;
      }
    }
  }

  #parkAsync(word: number, timeoutMs: number, signal: AbortSignal | undefined): ParkOutcome | Promise<ParkOutcome> {
    const parked = parkAsync(this.#cells, STATE, word, timeoutMs);
    if (typeof parked === 'string' || !signal) return parked;
    return new Promise<ParkOutcome>((resolve, reject) => {
      const onAbort = () => {
        // The abandoned wait may still be the one an unlock wakes: pass that wake-up on.
        parked.then((outcome) => {
          if (outcome === 'ok') this.#passOnWakeUp();
        });
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      parked.then((outcome) => {
        signal.removeEventListener('abort', onAbort);
        resolve(outcome);
      });
    });
  }

  /** A waiter that gave up was woken: do what it would have done, so no other waiter is stranded. */
  #passOnWakeUp(): void {
    const cells = this.#cells;
    for (;;) {
      const word = Atomics.load(cells, STATE);
      if ((word & HANDOFF) !== 0) {
        if (Atomics.compareExchange(cells, STATE, word, this.#mine | PARKED) !== word) continue;
        this.#release(true);
        return;
      }
      if (isFree(word)) {
        Atomics.notify(cells, STATE, 1);
        return;
      }
      if ((word & PARKED) !== 0 || Atomics.compareExchange(cells, STATE, word, word | PARKED) === word) return;
    }
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

/**
 * Test-and-test-and-set with exponential backoff, while nobody is parked. Reading the word only
 * now and then keeps the line in the holder's cache, so it can unlock and relock without a miss;
 * a tight spin steals the line on every look. Gives up (to park) on seeing PARKED: threads are
 * already parked, so join them (and never take a lock being handed to one of them).
 */
function spinToAcquire(cells: Int32Array, mine: number): boolean {
  let delay = 1;
  for (let round = 0; round < SPIN_ROUNDS; round++) {
    backOff(delay);
    if (delay < MAX_BACKOFF) delay *= 2;
    const word = Atomics.load(cells, STATE);
    if (word === FREE) {
      if (Atomics.compareExchange(cells, STATE, FREE, mine) === FREE) return true;
    } else if ((word & PARKED) !== 0) {
      return false;
    }
  }
  return false;
}
