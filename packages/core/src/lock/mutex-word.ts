/**
 * The layout of a Mutex's 64-byte slot, and of its lock word.
 *
 * The lock word holds the owner and the state together, so that every change of ownership is one
 * compare-and-swap: there is no moment at which a thread owns the lock without the word saying so
 * (a thread killed at any point of `lock` or `unlock` leaves a word `releaseAbandoned` can read).
 *
 *   bit 0        DUE      the watcher (the next waiter in line) has waited its fairness interval:
 *                         the next unlock hands the lock straight to it
 *   bit 1        reserved (0)
 *   bits 2..29   the owner's token (1 … 2^28 − 1), 0 when nobody holds the lock
 *   bit 30       HANDOFF  released straight to the watcher: nobody else may take it
 *
 * A free lock's word is 0. Waiters are not in the word at all: the watcher parks on WATCH, the
 * others on QUEUE, in arrival order, woken one at a time, oldest first, to become the watcher.
 */

/** Int32 indexes into the slot. The rest of the 16 words are reserved (zero). */
export const STATE = 0;
/** The last owner token handed out for this lock (tokens are allocated from shared memory). */
export const LAST_TOKEN = 1;
/** The watcher's token; PROMOTING while the oldest queued waiter is being woken to take over; 0. */
export const WATCHER = 2;
/** The watcher parks here; bumped before every hand-off to it. */
export const WATCH = 3;
/** Queued waiters park here, oldest first; bumped before every wake-up of the queue. */
export const QUEUE = 4;
/** Bumped by the watcher every time it looks at the lock: how queued waiters tell it is alive. */
export const TICKS = 5;
/** Fair hand-offs so far (a diagnostic, read by `mutexActivity`). */
export const HANDOFFS = 6;
/** When a promoted watcher's turn is due, in µs of the shared clock (`clockUs`), modulo 2^32. */
export const FAIR_AT = 7;

/**
 * Microseconds on a clock every thread reads alike (`performance.timeOrigin` anchors each thread's
 * `performance.now()` to the same epoch), modulo 2^32: compare two readings by their difference.
 */
export function clockUs(): number {
  return ((performance.timeOrigin + performance.now()) * 1000) | 0;
}

export const FREE = 0;
export const DUE = 1;
export const HANDOFF = 1 << 30;
export const TOKEN_SHIFT = 2;
export const MAX_TOKEN = 2 ** 28 - 1;
export const OWNER_BITS = MAX_TOKEN << TOKEN_SHIFT;
/** WATCHER while the oldest queued waiter is being woken to become the watcher. */
export const PROMOTING = -1;

/** The token held in a lock word, 0 when nobody holds it. */
export function ownerOf(word: number): number {
  return (word & OWNER_BITS) >>> TOKEN_SHIFT;
}
