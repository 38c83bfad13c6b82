/**
 * The lock's slow paths: how a thread waits, how an unlock hands over, how a waiter gives up, and
 * how a dead thread's part is taken over.
 *
 * Waiters line up in two places. The **watcher** is the next in line: it alone parks on WATCH.
 * Everybody else parks on QUEUE, oldest first (the ECMAScript waiter list is FIFO), and nothing
 * wakes them but the watcher's succession: when the watcher gets the lock, the oldest queued
 * waiter is woken to become the next watcher. An ordinary unlock wakes nobody: running threads
 * barge (which keeps a busy lock fast), and the waiters' order is never disturbed. (A futex lock
 * that wakes a waiter on every contended unlock sends that waiter to the back of the waiter list
 * whenever a running thread wins the race, so its hand-offs fall on waiters at random; measured
 * with 64 threads on 2 cores, some then never got the lock in half a second.)
 *
 * Eventual fairness (parking_lot's `RawMutex`, WebKit's `WTF::Lock`): the watcher's turn comes
 * 0.5–1 ms (drawn at random) after it was promoted. It then marks the word DUE, and the holder's
 * next unlock hands the lock straight to it (HANDOFF), ahead of any running thread; if the lock
 * is free by then, it just takes it. Every waiter is served in turn, each turn a tenure of about
 * the next watcher's interval.
 *
 * Parks are bounded, so no death strands anyone: the watcher looks at the lock at least every
 * WATCH_BOUND_MS (an unclaimed hand-off costs at most that); a queued waiter at least every
 * QUEUE_BOUND_MS, and takes the watcher's place if the watcher has not looked at the lock since
 * (TICKS), or if the waiter woken to take it never did (PROMOTING).
 */
import { backOff } from '../shared/index.js';
import { lockSteps } from './mutex-steps.js';
import {
  clockUs,
  DUE,
  FAIR_AT,
  FREE,
  HANDOFF,
  HANDOFFS,
  OWNER_BITS,
  PROMOTING,
  QUEUE,
  STATE,
  TICKS,
  TOKEN_SHIFT,
  WATCH,
  WATCHER,
} from './mutex-word.js';

/**
 * Spinning before parking: SPIN_ROUNDS looks at the lock word, each after a pause that doubles up to
 * MAX_BACKOFF spin hints, ~11,000 hints in all: ~90 µs on Node 20 (a hint costs ~8 ns), ~330 µs on
 * Node 24 (`pause`, ~30 ns on this AMD EPYC). The backoff is what lets the holder keep the cache
 * line (mutex at 10 workers: 16–19 M ops/s with 100 tight spins, 45–47 M with this).
 */
const SPIN_ROUNDS = 20;
const MAX_BACKOFF = 1024;
/** The watcher asks for the lock after waiting this long, plus up to FAIR_SPREAD_MS at random. */
const FAIR_MIN_MS = 0.5;
const FAIR_SPREAD_MS = 0.5;
/** How long a watcher whose turn is due watches for the hand-off before it parks, looking every DUE_SPIN_HINTS. */
const DUE_SPIN_MS = 0.05;
const DUE_SPIN_HINTS = 32;
/** The longest the watcher sleeps before it looks at the lock again. */
export const WATCH_BOUND_MS = 100;
/** The longest a queued waiter sleeps; long, since every timeout sends it to the back of the queue. */
export const QUEUE_BOUND_MS = 250;

export type Role = 'newcomer' | 'queued' | 'watcher';

/** One thread's wait for the lock. */
export interface Waiter {
  readonly cells: Int32Array;
  readonly token: number;
  readonly mine: number;
  role: Role;
  /** When the watcher asks for the lock (`performance.now()`). */
  fairAt: number;
  /** Where it parked last, and how that park ended. */
  parkedOn: number;
  woken: boolean;
  timedOut: boolean;
  /** What a queued waiter saw of the watcher when it parked: the same, silent watcher later is dead. */
  seenWatcher: number;
  seenTicks: number;
}

export interface Park {
  index: number;
  value: number;
  timeoutMs: number;
}

export function newWaiter(cells: Int32Array, token: number): Waiter {
  return {
    cells,
    token,
    mine: token << TOKEN_SHIFT,
    role: 'newcomer',
    fairAt: 0,
    parkedOn: -1,
    woken: false,
    timedOut: false,
    seenWatcher: 0,
    seenTicks: 0,
  };
}

/**
 * Test-and-test-and-set with exponential backoff, while nobody waits. Reading the word only now
 * and then keeps the line in the holder's cache, so it can unlock and relock without a miss; a
 * tight spin steals the line on every look. Gives up (to wait in line) once somebody waits.
 */
export function spinToAcquire(cells: Int32Array, mine: number): boolean {
  let delay = 1;
  for (let round = 0; round < SPIN_ROUNDS; round++) {
    backOff(delay);
    if (delay < MAX_BACKOFF) delay *= 2;
    if (Atomics.load(cells, WATCHER) !== 0) return false;
    if (Atomics.load(cells, STATE) === FREE && Atomics.compareExchange(cells, STATE, FREE, mine) === FREE) return true;
  }
  return false;
}

/**
 * One look at the lock: takes it (returns undefined), or says where to park. Takes the watcher's
 * place when it is free, or to be passed on to this queued waiter, or abandoned.
 */
export function step(waiter: Waiter): Park | undefined {
  const { cells, token, mine } = waiter;
  for (;;) {
    const word = Atomics.load(cells, STATE);
    const watcher = Atomics.load(cells, WATCHER);
    if (waiter.role === 'watcher' && watcher !== token) waiter.role = 'newcomer';
    if (word === FREE || (word & HANDOFF && waiter.role === 'watcher')) {
      if (Atomics.compareExchange(cells, STATE, word, mine) !== word) continue;
      if (word !== FREE) Atomics.add(cells, HANDOFFS, 1);
      acquired(waiter);
      return undefined;
    }
    if (waiter.role !== 'watcher') {
      const queued = waiter.role === 'queued';
      const vacant =
        watcher === 0 ||
        (queued && watcher === PROMOTING) ||
        (queued &&
          waiter.timedOut &&
          watcher === waiter.seenWatcher &&
          Atomics.load(cells, TICKS) === waiter.seenTicks);
      if (vacant) {
        if (Atomics.compareExchange(cells, WATCHER, watcher, token) === watcher) {
          waiter.role = 'watcher';
          // A promoted waiter's turn was timed from its promotion (it may take a while to wake);
          // anybody else's starts now.
          const left = watcher === PROMOTING ? ((Atomics.load(cells, FAIR_AT) - clockUs()) | 0) / 1000 : Number.NaN;
          const interval = left <= FAIR_MIN_MS + FAIR_SPREAD_MS ? left : drawInterval();
          waiter.fairAt = performance.now() + interval;
          if (watcher !== PROMOTING) Atomics.store(cells, FAIR_AT, (clockUs() + interval * 1000) | 0);
        }
        continue;
      }
      const seq = Atomics.load(cells, QUEUE);
      // Promotions bump QUEUE after changing WATCHER: if it changed, look again instead of parking.
      if (Atomics.load(cells, WATCHER) !== watcher) continue;
      waiter.seenWatcher = watcher;
      waiter.seenTicks = Atomics.load(cells, TICKS);
      return { index: QUEUE, value: seq, timeoutMs: QUEUE_BOUND_MS };
    }
    Atomics.add(cells, TICKS, 1);
    if (performance.now() >= waiter.fairAt && awaitHandOff(waiter)) continue;
    const seq = Atomics.load(cells, WATCH);
    const now = performance.now();
    // A hand-off bumps WATCH after changing the word: read it again, after WATCH, before parking.
    const current = Atomics.load(cells, STATE);
    if (current === FREE || current & HANDOFF) continue;
    const due = now >= waiter.fairAt;
    if (due && (current & DUE) === 0 && Atomics.compareExchange(cells, STATE, current, current | DUE) !== current) {
      continue;
    }
    const untilDue = due ? WATCH_BOUND_MS : waiter.fairAt - now;
    return { index: WATCH, value: seq, timeoutMs: Math.min(WATCH_BOUND_MS, Math.max(0.05, untilDue)) };
  }
}

/**
 * A watcher whose turn is due marks the word DUE and watches it for a moment before it parks: the
 * holder's next unlock hands over, and a watcher still awake takes the lock at once instead of a
 * thread wake-up later (0.1–10 ms on a busy 2-core machine, measured by the bench). Returns true
 * when there is something to take (or its place is lost); false after DUE_SPIN_MS: park then.
 */
function awaitHandOff(waiter: Waiter): boolean {
  const { cells, token } = waiter;
  const until = performance.now() + DUE_SPIN_MS;
  for (;;) {
    const word = Atomics.load(cells, STATE);
    if (word === FREE || word & HANDOFF || Atomics.load(cells, WATCHER) !== token) return true;
    if ((word & DUE) === 0) Atomics.compareExchange(cells, STATE, word, word | DUE);
    if (performance.now() >= until) return false;
    backOff(DUE_SPIN_HINTS);
  }
}

/** How the park ended: a woken waiter may owe a wake-up it took, if it now gives up. */
export function parked(waiter: Waiter, park: Park, outcome: 'ok' | 'not-equal' | 'timed-out'): void {
  waiter.parkedOn = park.index;
  waiter.woken = outcome === 'ok';
  waiter.timedOut = outcome === 'timed-out';
  if (park.index === QUEUE) waiter.role = waiter.role === 'watcher' ? 'watcher' : 'queued';
  if (outcome !== 'not-equal') lockSteps.reached?.('lock:woken');
}

/** The waiter took the lock: a watcher hands its place to the oldest queued waiter. */
function acquired(waiter: Waiter): void {
  const { cells, token } = waiter;
  const wasQueued = waiter.role === 'queued';
  const wasWatcher = waiter.role === 'watcher';
  waiter.role = 'newcomer';
  if (wasWatcher) {
    if (Atomics.compareExchange(cells, WATCHER, token, PROMOTING) === token) promote(cells);
  } else if (wasQueued && waiter.woken && Atomics.load(cells, WATCHER) === PROMOTING) {
    // It was woken to become the watcher but took the lock instead: wake the next one.
    promote(cells);
  }
}

function drawInterval(): number {
  return FAIR_MIN_MS + Math.random() * FAIR_SPREAD_MS;
}

/**
 * Wakes the oldest queued waiter to become the watcher (WATCHER is PROMOTING); none: no watcher.
 * Its fairness interval starts now, not when it wakes, so a slow wake-up does not add to it.
 */
export function promote(cells: Int32Array): void {
  Atomics.store(cells, FAIR_AT, (clockUs() + drawInterval() * 1000) | 0);
  Atomics.add(cells, QUEUE, 1);
  if (Atomics.notify(cells, QUEUE, 1) > 0) return;
  if (Atomics.compareExchange(cells, WATCHER, PROMOTING, 0) === PROMOTING) {
    // Anyone who parked after the first bump, seeing PROMOTING, must look again.
    Atomics.add(cells, QUEUE, 1);
    Atomics.notify(cells, QUEUE);
  }
}

/**
 * The unlock that found marks on the word (or was asked to be fair): hands the lock to the
 * watcher when it asked (DUE) or when `fair`, else frees it and wakes the watcher if it is parked.
 * `word` is the holder's current word; returns false if it changed under it (try again).
 */
export function release(cells: Int32Array, word: number, fair: boolean): boolean {
  if ((fair || (word & DUE) !== 0) && Atomics.load(cells, WATCHER) !== 0) {
    if (Atomics.compareExchange(cells, STATE, word, HANDOFF) !== word) return false;
    lockSteps.reached?.('unlock:handing-off');
    Atomics.add(cells, WATCH, 1);
    Atomics.notify(cells, WATCH, 1);
    return true;
  }
  return Atomics.compareExchange(cells, STATE, word, FREE) === word;
}

/**
 * The waiter gives up (its timeout passed, or its signal aborted). A watcher hands its place on,
 * and takes its marks off the word; a hand-off already made to it, it takes and passes on.
 * A queued waiter woken to become the watcher wakes the next one instead.
 */
export function leave(waiter: Waiter): void {
  const { cells, token, mine } = waiter;
  if (waiter.role === 'watcher' && Atomics.compareExchange(cells, WATCHER, token, PROMOTING) === token) {
    waiter.role = 'newcomer';
    for (;;) {
      const word = Atomics.load(cells, STATE);
      if (word & HANDOFF) {
        if (Atomics.compareExchange(cells, STATE, word, mine) !== word) continue;
        promote(cells);
        while (!release(cells, Atomics.load(cells, STATE), true)) {}
        return;
      }
      if ((word & DUE) === 0 || Atomics.compareExchange(cells, STATE, word, word & ~DUE) === word) {
        break;
      }
    }
    promote(cells);
    return;
  }
  if (waiter.role === 'queued' && waiter.woken && Atomics.load(cells, WATCHER) === PROMOTING) promote(cells);
  waiter.role = 'newcomer';
}

/** An abandoned async park that was woken took a wake-up meant for somebody still waiting: pass it on. */
export function passOn(cells: Int32Array, index: number): void {
  if (index === QUEUE) {
    if (Atomics.load(cells, WATCHER) === PROMOTING) promote(cells);
    return;
  }
  Atomics.add(cells, WATCH, 1);
  Atomics.notify(cells, WATCH, 1);
}

/**
 * Owner-dead recovery: frees the lock if `token` holds it, hands on the watcher's place if `token`
 * had it, and wakes every waiter to look again (a wake-up the dead thread took is lost with it).
 * Returns whether it freed the lock.
 */
export function abandon(cells: Int32Array, token: number): boolean {
  const theirs = token << TOKEN_SHIFT;
  let freed = false;
  for (;;) {
    const word = Atomics.load(cells, STATE);
    if ((word & OWNER_BITS) !== theirs || (word & HANDOFF) !== 0) break;
    if (release(cells, word, false)) {
      freed = true;
      break;
    }
  }
  if (Atomics.compareExchange(cells, WATCHER, token, PROMOTING) === token) {
    for (;;) {
      const word = Atomics.load(cells, STATE);
      const cleared = word & HANDOFF ? FREE : word & ~DUE;
      if (cleared === word || Atomics.compareExchange(cells, STATE, word, cleared) === word) break;
    }
    promote(cells);
  }
  Atomics.add(cells, QUEUE, 1);
  Atomics.notify(cells, QUEUE);
  Atomics.add(cells, WATCH, 1);
  Atomics.notify(cells, WATCH);
  return freed;
}
