/**
 * Eventual fairness, as in parking_lot's `RawMutex` and WebKit's `WTF::Lock`: the lock barges
 * (a running thread may take it ahead of parked ones, which keeps it fast), but once the lock's
 * fairness deadline has passed, the next unlock that finds waiters parked hands the lock straight
 * to the longest of them, and a new deadline is drawn 0.5–1 ms ahead. Random, so that threads
 * cannot fall into step with it.
 *
 * The deadline lives in the lock's slot (any thread may be the one that unlocks) as microseconds
 * on the shared wall-anchored clock `performance.timeOrigin + performance.now()`, which agrees
 * across threads, kept modulo 2^32. Only the lock's holder reads or writes it.
 */
import { FAIR_DEADLINE } from './mutex-word.js';

const MIN_INTERVAL_US = 500;
const SPREAD_US = 500;

function clockUs(): number {
  return ((performance.timeOrigin + performance.now()) * 1000) | 0;
}

/** Whether this unlock must be fair; if so, draws the next deadline. */
export function fairnessDue(cells: Int32Array): boolean {
  const now = clockUs();
  const late = (now - Atomics.load(cells, FAIR_DEADLINE)) | 0;
  // A deadline further ahead than any we draw is stale (the clock wrapped, or the slot is fresh).
  if (late < 0 && late > -(MIN_INTERVAL_US + SPREAD_US)) return false;
  Atomics.store(cells, FAIR_DEADLINE, (now + MIN_INTERVAL_US + Math.floor(Math.random() * SPREAD_US)) | 0);
  return true;
}
