/**
 * An uncontended lock/unlock pair, the new Mutex against the old (issue #11: "must not get
 * slower"): one thread, nobody else, rounds interleaved so drift hits both alike.
 */
import { Mutex } from '@racelab/core/mutex';
import { LegacyMutex } from '../anchors/legacy-mutex.js';
import { medianOf } from '../measurement.js';

export interface UncontendedCost {
  /** Median ns per lock + unlock pair. */
  mutexNs: number;
  legacyNs: number;
  /** Median over rounds of new / old. */
  ratio: number;
}

interface Lock {
  lock(): void;
  unlock(): void;
}

const PAIRS = 2_000_000;

function timePairs(lock: Lock): number {
  const startedAt = performance.now();
  for (let pair = 0; pair < PAIRS; pair++) {
    lock.lock();
    lock.unlock();
  }
  return ((performance.now() - startedAt) * 1e6) / PAIRS;
}

export function measureUncontended(rounds: number): UncontendedCost {
  const buffer = new SharedArrayBuffer(2 * 64);
  const mutex = new Mutex(buffer, 0);
  const legacy = new LegacyMutex(buffer, 64);
  timePairs(mutex);
  timePairs(legacy);
  const now: number[] = [];
  const old: number[] = [];
  for (let round = 0; round < rounds; round++) {
    now.push(timePairs(mutex));
    old.push(timePairs(legacy));
  }
  return {
    mutexNs: medianOf(now),
    legacyNs: medianOf(old),
    ratio: medianOf(now.map((value, index) => value / (old[index] ?? Number.NaN))),
  };
}
