/**
 * The layout of a Mutex's 64-byte slot, and of its lock word.
 *
 * The lock word holds the owner and the state together, so that every change of ownership is one
 * compare-and-swap: there is no moment at which a thread owns the lock without the word saying so
 * (a thread killed at any point of `lock` or `unlock` leaves a word `releaseAbandoned` can read).
 *
 *   bit 0        PARKED   some thread may be parked on this word: an unlock must wake one
 *   bits 1..29   the owner's token (1 … 2^29 − 1), 0 when nobody holds the lock
 *   bit 30       HANDOFF  released straight to a parked waiter: no newcomer may take it
 *
 * So the states are: 0 free · PARKED free, waiters may be parked · t<<1 held by t ·
 * t<<1 | PARKED held by t, waiters parked · HANDOFF | PARKED reserved for a woken waiter.
 */

/** Int32 indexes into the slot. The rest of the 16 words are reserved (zero). */
export const STATE = 0;
/** The last owner token handed out for this lock (tokens are allocated from shared memory). */
export const LAST_TOKEN = 1;
/** When the next unlock must be fair: a µs timestamp, compared modulo 2^32 (`fairness.ts`). */
export const FAIR_DEADLINE = 2;

export const FREE = 0;
export const PARKED = 1;
export const HANDOFF = 1 << 30;
export const MAX_TOKEN = 2 ** 29 - 1;
export const OWNER_BITS = MAX_TOKEN << 1;

/** The token held in a lock word, 0 when nobody holds it. */
export function ownerOf(word: number): number {
  return (word & OWNER_BITS) >>> 1;
}

/** Free (possibly with parked waiters): anybody may take it. */
export function isFree(word: number): boolean {
  return (word & ~PARKED) === FREE;
}
